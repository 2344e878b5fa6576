package io.perfkit.profiler.trigger;

import io.perfkit.api.Arguments;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * From a firing alert to a profile, the one bridge from a judged condition to a capture: the
 * monitor's JVM health rules (heap after GC, GC overhead, deadlocks, threads, …) and any rule of
 * the application reach the profiler here, under one throttle. The rule's
 * {@value ProfileLabels#PROFILE} label names the type ({@code heap}, {@code allocation},
 * {@code thread_dump}, …; the monitor's shipped JVM health rules all carry one), the capture is labelled {@code trigger=alert} and {@code
 * alert=RULE}, and goes to {@code sink} (a collector's {@code submit}). One capture per rule per
 * cooldown. A thread dump taken while threads are deadlocked names them and their locks in the
 * labels {@code deadlock.threads} and {@code deadlock.locks}. Wire it to the monitor's alert
 * manager with one listener:
 *
 * <pre>{@code
 * AlertCaptures captures = AlertCaptures.builder(profiler, collector::submit).build();
 * alerts.addListener(e -> {
 *   if (e.kind() == AlertEvent.Kind.FIRING) {
 *     captures.fired(e.rule(), e.labels());
 *   }
 * });
 * }</pre>
 *
 * Never blocks the caller: the capture runs on the profiler's thread. Thread-safe.
 */
public final class AlertCaptures {

  private static final System.Logger LOG = System.getLogger(AlertCaptures.class.getName());

  private final Profiler profiler;
  private final Consumer<CaptureResult> sink;
  private final Duration duration;
  private final Duration cooldown;
  private final TimeSource time;
  private final Map<String, Instant> last = new ConcurrentHashMap<>();
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  private AlertCaptures(Builder b) {
    this.profiler = b.profiler;
    this.sink = b.sink;
    this.duration = b.duration;
    this.cooldown = b.cooldown;
    this.time = b.time;
  }

  public static Builder builder(Profiler profiler, Consumer<CaptureResult> sink) {
    return new Builder(profiler, sink);
  }

  /**
   * A rule fired: captures the profile its labels name, unless the rule has none, or it fired
   * within the cooldown.
   *
   * @return the type captured, or empty when nothing was started
   * @throws IllegalArgumentException when the {@code profile} label names no profile type
   */
  public Optional<ProfileType> fired(String rule, Labels ruleLabels) {
    Objects.requireNonNull(rule, "rule");
    Optional<String> wanted = ruleLabels.get(ProfileLabels.PROFILE);
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    ProfileType type = ProfileType.parse(wanted.get());
    Instant now = time.now();
    Instant previous = last.get(rule);
    if (previous != null && Duration.between(previous, now).compareTo(cooldown) < 0) {
      skipped.incrementAndGet();
      return Optional.empty();
    }
    last.put(rule, now);
    started.incrementAndGet();
    TriggeredCapture.start(profiler, type, duration, Labels.of(ProfileLabels.TRIGGER, "alert", ProfileLabels.ALERT, rule),
        sink, error -> {
          failed.incrementAndGet();
          LOG.log(System.Logger.Level.WARNING, "capture for alert " + rule + " failed: " + error.getMessage());
        });
    return Optional.of(type);
  }

  /** Captures started. */
  public long started() {
    return started.get();
  }

  /** Firings within a rule's cooldown, not captured. */
  public long skipped() {
    return skipped.get();
  }

  /** Captures the profiler refused or that failed. */
  public long failed() {
    return failed.get();
  }

  /** Configures {@link AlertCaptures}; each setter validates its value. */
  public static final class Builder {
    private final Profiler profiler;
    private final Consumer<CaptureResult> sink;
    private Duration duration = Duration.ofSeconds(30);
    private Duration cooldown = Duration.ofMinutes(10);
    private TimeSource time = TimeSource.system();

    private Builder(Profiler profiler, Consumer<CaptureResult> sink) {
      this.profiler = Objects.requireNonNull(profiler, "profiler");
      this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** How long each capture records (30 s; a thread dump ignores it). */
    public Builder duration(Duration d) {
      Arguments.positive("alert capture duration", d);
      this.duration = d;
      return this;
    }

    /** The least time between two captures for one rule (10 min). */
    public Builder cooldown(Duration d) {
      Arguments.notNegative("alert capture cooldown", d);
      this.cooldown = d;
      return this;
    }

    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * @throws IllegalArgumentException when the capture duration is longer than the profiler
     *     takes ({@link Profiler#maxDuration()}), which would fail every capture
     */
    public AlertCaptures build() {
      TriggeredCapture.checkWithin("alert capture duration", duration, profiler);
      return new AlertCaptures(this);
    }
  }
}
