package io.perfkit.profiler.trigger;

import io.perfkit.api.Arguments;
import io.perfkit.api.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Decides whether an occasion (a slow request, a condition that holds) is profiled: first a
 * random sample ({@code sampleRate}, 0.01 by default), then a rate limit,
 * so that a storm of occasions yields a bounded number of profiles. Counts what it decided.
 * Thread-safe; never blocks.
 */
public final class ProfileTrigger {

  private final String name;
  private final double sampleRate;
  private final TokenBucket limiter;
  private final DoubleSupplier random;
  private final AtomicLong considered = new AtomicLong();
  private final AtomicLong sampledOut = new AtomicLong();
  private final AtomicLong limited = new AtomicLong();
  private final AtomicLong fired = new AtomicLong();

  private ProfileTrigger(Builder b) {
    this.name = b.name;
    this.sampleRate = b.sampleRate;
    this.limiter = new TokenBucket(b.permits, b.per, b.time);
    this.random = b.random;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** True when this occasion should be profiled. */
  public boolean shouldProfile() {
    considered.incrementAndGet();
    if (sampleRate < 1.0 && random.getAsDouble() >= sampleRate) {
      sampledOut.incrementAndGet();
      return false;
    }
    if (!limiter.tryAcquire()) {
      limited.incrementAndGet();
      return false;
    }
    fired.incrementAndGet();
    return true;
  }

  public String name() {
    return name;
  }

  public long considered() {
    return considered.get();
  }

  /** Occasions skipped by sampling. */
  public long sampledOut() {
    return sampledOut.get();
  }

  /** Occasions sampled but refused by the rate limit. */
  public long limited() {
    return limited.get();
  }

  /** Occasions profiled. */
  public long fired() {
    return fired.get();
  }

  @Override
  public String toString() {
    return name + "{considered=" + considered + ", sampledOut=" + sampledOut + ", limited=" + limited + ", fired=" + fired + '}';
  }

  /** Configures a {@link ProfileTrigger}. */
  public static final class Builder {
    private final String name;
    private double sampleRate = 0.01;
    private int permits = 5;
    private Duration per = Duration.ofMinutes(1);
    private TimeSource time = TimeSource.system();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** The fraction of occasions considered (0 &lt; rate ≤ 1). */
    public Builder sampleRate(double rate) {
      this.sampleRate = Arguments.fraction("trigger " + name + " sample rate", rate);
      return this;
    }

    /** At most {@code permits} profiles per {@code per} (5 a minute by default). */
    public Builder rateLimit(int permits, Duration per) {
      Arguments.positive("trigger " + name + " rate limit permits", permits);
      Arguments.positive("trigger " + name + " rate limit period", per);
      this.permits = permits;
      this.per = per;
      return this;
    }

    /** The clock the rate limit runs on. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** The source of sampling decisions (uniform in [0, 1)). */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public ProfileTrigger build() {
      return new ProfileTrigger(this);
    }
  }
}
