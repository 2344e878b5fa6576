package io.perfkit.profiler;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A token bucket on an injected clock: {@code permits} per {@code per}, refilled continuously,
 * starting full. (Guava's {@code RateLimiter} cannot take an injected clock, so tests of
 * triggers would need sleeps.) Thread-safe.
 */
public final class RateLimiter {

  private final double capacity;
  private final double perNano;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  /**
   * @throws IllegalArgumentException when permits is below 1 or the period is not positive
   */
  public RateLimiter(int permits, Duration per, LongSupplier nanoTime) {
    if (permits < 1) {
      throw new IllegalArgumentException("rate limit of " + permits + " permits must allow at least 1");
    }
    Objects.requireNonNull(per, "per");
    if (per.isNegative() || per.isZero()) {
      throw new IllegalArgumentException("rate limit period " + per + " must be positive");
    }
    this.capacity = permits;
    this.perNano = permits / (double) per.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.tokens = permits;
    this.last = nanoTime.getAsLong();
  }

  /** Takes a permit if one is available; never waits. */
  public synchronized boolean tryAcquire() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * perNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
