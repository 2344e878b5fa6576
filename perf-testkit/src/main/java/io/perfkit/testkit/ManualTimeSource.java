package io.perfkit.testkit;

import io.perfkit.api.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link TimeSource} that moves only when a test moves it: both clocks advance together by
 * {@link #advance}, and the wall clock can be set on its own (a clock step, which the monotonic
 * clock never sees). Thread-safe, so the component under test may read it from its own threads.
 */
public final class ManualTimeSource implements TimeSource {

  private long nanos;
  private Instant wall;

  /** Starts at {@code 2026-11-27T12:00:00Z} and one second of monotonic time. */
  public ManualTimeSource() {
    this(Instant.parse("2026-11-27T12:00:00Z"));
  }

  /** Starts at {@code wall} and one second of monotonic time. */
  public ManualTimeSource(Instant wall) {
    this.wall = Objects.requireNonNull(wall, "wall");
    this.nanos = 1_000_000_000L;
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized Instant now() {
    return wall;
  }

  /**
   * Moves both clocks forward by {@code d}.
   *
   * @throws IllegalArgumentException when {@code d} is negative: monotonic time never goes back
   */
  public synchronized ManualTimeSource advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("cannot advance by " + d + ": monotonic time never goes back");
    }
    nanos += d.toNanos();
    wall = wall.plus(d);
    return this;
  }

  /** Sets the wall clock alone, as an NTP step would; the monotonic clock is untouched. */
  public synchronized ManualTimeSource setWall(Instant wall) {
    this.wall = Objects.requireNonNull(wall, "wall");
    return this;
  }
}
