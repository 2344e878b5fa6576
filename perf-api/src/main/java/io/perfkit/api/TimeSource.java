package io.perfkit.api;

import java.time.Instant;

/**
 * Where every Perfkit component reads time: a monotonic clock for intervals and a wall clock
 * for timestamps. The monitor's ticks, request timing, triggers, the watchdog, capture windows
 * and storage retention all take one, so a test drives them all with one fake (the test kit's
 * {@code ManualTimeSource}) instead of sleeping.
 */
public interface TimeSource {

  /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
  long nanoTime();

  /** The wall-clock time. */
  Instant now();

  /** The system clocks. {@code System.nanoTime()} costs about 34 ns on small cloud VMs. */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }
}

/** The system clocks. */
enum SystemTimeSource implements TimeSource {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }
}
