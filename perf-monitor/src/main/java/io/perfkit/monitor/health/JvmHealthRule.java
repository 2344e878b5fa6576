package io.perfkit.monitor.health;

import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.alert.AlertEvaluation;
import io.perfkit.api.alert.AlertRule;
import io.perfkit.api.alert.MetricsView;
import io.perfkit.api.alert.Severity;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.monitor.alert.AlertRules;
import io.perfkit.monitor.alert.ThresholdRule;
import java.time.Duration;
import java.util.Objects;

/**
 * A JVM health rule shipped with the monitor and found by {@link java.util.ServiceLoader}: a
 * threshold on one of {@link io.perfkit.monitor.JvmMetrics}' metrics, held for a while, whose
 * {@value #PROFILE} label names the profile type to capture when it fires (the profiler's
 * {@code io.perfkit.profiler.trigger.AlertCaptures} reads it). Each rule has a public no-argument constructor with the
 * default threshold and one that takes a threshold; {@link JvmHealthRules#builder()} sets them
 * all, and a rules-file rule of the same name replaces a shipped one
 * ({@link io.perfkit.monitor.alert.AlertManager#overrideRules}). Immutable.
 */
public abstract class JvmHealthRule implements AlertRule {

  /** The label naming the profile type to capture when the rule fires. */
  public static final String PROFILE = ProfileLabels.PROFILE;

  private final ThresholdRule rule;
  private final double threshold;

  JvmHealthRule(String name, String metric, double threshold, Duration forDuration, Severity severity,
      ProfileType capture, String message) {
    this.threshold = threshold;
    this.rule = AlertRules.threshold(name, metric).above(threshold).forDuration(forDuration)
        .keepFiringFor(Duration.ofMinutes(1)).severity(severity)
        .labels(Labels.of(PROFILE, capture.wireName())).message(Objects.requireNonNull(message, "message")).build();
  }

  /** The threshold the metric must stay above for the rule to fire. */
  public double threshold() {
    return threshold;
  }

  /** The metric the rule reads. */
  public String metric() {
    return rule.metric();
  }

  /** The profile type to capture when it fires. */
  public ProfileType capture() {
    return ProfileType.parse(rule.labels().get(PROFILE).orElseThrow());
  }

  @Override
  public String name() {
    return rule.name();
  }

  @Override
  public Severity severity() {
    return rule.severity();
  }

  @Override
  public Duration forDuration() {
    return rule.forDuration();
  }

  @Override
  public Duration keepFiringFor() {
    return rule.keepFiringFor();
  }

  @Override
  public Labels labels() {
    return rule.labels();
  }

  @Override
  public String messageTemplate() {
    return rule.messageTemplate();
  }

  @Override
  public AlertEvaluation evaluate(MetricsView metrics) {
    return rule.evaluate(metrics);
  }

  @Override
  public String toString() {
    return rule.toString() + " for " + forDuration() + " → " + capture().wireName() + " profile";
  }

  static double fraction(String what, double v) {
    if (!(v > 0 && v <= 1)) {
      throw new IllegalArgumentException(what + " " + v + " must be a fraction in (0, 1]");
    }
    return v;
  }

  static double positive(String what, double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException(what + " " + v + " must be positive");
    }
    return v;
  }

  // ---- the rules ----

  /** GC pauses take more than a fraction of wall time (10 %) for a minute: an allocation profile. */
  public static final class GcOverhead extends JvmHealthRule {
    public GcOverhead() {
      this(0.10);
    }

    public GcOverhead(double fraction) {
      super("JvmGcOverhead", "jvm.gc.overhead", fraction("GC overhead", fraction), Duration.ofMinutes(1), Severity.WARNING,
          ProfileType.ALLOCATION, "GC pauses take {{value}} of wall time");
    }
  }

  /** Heap after GC above a fraction of the maximum (85 %) for two minutes: a heap profile. */
  public static final class HeapAfterGc extends JvmHealthRule {
    public HeapAfterGc() {
      this(0.85);
    }

    public HeapAfterGc(double fraction) {
      super("JvmHeapAfterGc", "jvm.memory.heap.after.gc.fraction", fraction("heap after GC", fraction),
          Duration.ofMinutes(2), Severity.CRITICAL, ProfileType.HEAP, "heap after GC is {{value}} of the maximum");
    }
  }

  /** Allocation above a rate (1 GiB/s) for a minute: an allocation profile. */
  public static final class AllocationRate extends JvmHealthRule {
    public AllocationRate() {
      this(1L << 30);
    }

    public AllocationRate(double bytesPerSecond) {
      super("JvmAllocationRate", "jvm.memory.allocation.rate.bytes", positive("allocation rate", bytesPerSecond),
          Duration.ofMinutes(1), Severity.WARNING, ProfileType.ALLOCATION, "allocating {{value}} bytes/s");
    }
  }

  /** Metaspace above a size (512 MiB) for five minutes, the sign of a class loader leak: a heap profile. */
  public static final class Metaspace extends JvmHealthRule {
    public Metaspace() {
      this(512L << 20);
    }

    public Metaspace(double bytes) {
      super("JvmMetaspace", "jvm.memory.metaspace.used.bytes", positive("metaspace size", bytes), Duration.ofMinutes(5),
          Severity.WARNING, ProfileType.HEAP, "metaspace holds {{value}} bytes");
    }
  }

  /** More live threads than a limit (2,000) for a minute: a thread dump. */
  public static final class ThreadCount extends JvmHealthRule {
    public ThreadCount() {
      this(2000);
    }

    public ThreadCount(double threads) {
      super("JvmThreadCount", "jvm.threads.live", positive("thread count", threads), Duration.ofMinutes(1),
          Severity.WARNING, ProfileType.THREAD_DUMP, "{{value}} live threads");
    }
  }

  /** Any deadlocked thread, at once: a thread dump. */
  public static final class Deadlock extends JvmHealthRule {
    public Deadlock() {
      super("JvmDeadlock", "jvm.threads.deadlocked", 0, Duration.ZERO, Severity.CRITICAL, ProfileType.THREAD_DUMP,
          "{{value}} threads are deadlocked");
    }
  }

  /**
   * Safepoints take more than a fraction of wall time (5 %) for a minute: a CPU profile. Needs
   * {@code JvmMetrics.register(monitor, true)}, whose JFR stream measures safepoints; without
   * it the metric is absent and the rule never fires.
   */
  public static final class SafepointTime extends JvmHealthRule {
    public SafepointTime() {
      this(0.05);
    }

    public SafepointTime(double fraction) {
      super("JvmSafepointTime", "jvm.safepoint.overhead", fraction("safepoint time", fraction), Duration.ofMinutes(1),
          Severity.WARNING, ProfileType.CPU, "safepoints take {{value}} of wall time");
    }
  }
}
