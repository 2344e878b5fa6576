package io.perfkit.monitor;

import java.time.Duration;
import java.time.Instant;

/** A time source tests move by hand. */
final class FakeTime implements TimeSource {
  private long nanos = 1_000_000_000L;
  private Instant wall = Instant.parse("2026-11-27T12:00:00Z");

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized Instant now() {
    return wall;
  }

  synchronized void advance(Duration d) {
    nanos += d.toNanos();
    wall = wall.plus(d);
  }
}
