package io.perfkit.profiler.trigger;

import io.perfkit.api.Arguments;
import io.perfkit.api.TimeSource;
import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket on an injected clock: {@code permits} per {@code per}, refilled continuously,
 * starting full. Guava, on this module's path, has the {@code RateLimiter}; this is not it, since
 * Guava's cannot take an injected clock and tests of triggers would need sleeps. Thread-safe.
 */
public final class TokenBucket {

  private final double capacity;
  private final double perNano;
  private final TimeSource time;
  private double tokens;
  private long last;

  /**
   * @throws IllegalArgumentException when permits is below 1 or the period is not positive
   */
  public TokenBucket(int permits, Duration per, TimeSource time) {
    Arguments.positive("rate limit permits", permits);
    Arguments.positive("rate limit period", per);
    this.capacity = permits;
    this.perNano = permits / (double) per.toNanos();
    this.time = Objects.requireNonNull(time, "time");
    this.tokens = permits;
    this.last = time.nanoTime();
  }

  /** Takes a permit if one is available; never waits. */
  public synchronized boolean tryAcquire() {
    long now = time.nanoTime();
    tokens = Math.min(capacity, tokens + (now - last) * perNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
