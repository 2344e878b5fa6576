package io.perfkit.monitor.health;

import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.alert.AlertEvaluation;
import io.perfkit.api.alert.JvmThresholds;
import io.perfkit.api.alert.MetricsView;
import io.perfkit.api.alert.Severity;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.monitor.alert.AlertRules;
import io.perfkit.monitor.alert.ThresholdRule;
import io.perfkit.monitor.alert.Unit;
import io.perfkit.monitor.alert.WordedRule;
import java.time.Duration;
import java.util.Objects;

/**
 * A JVM health rule shipped with the monitor and found by {@link java.util.ServiceLoader}: a
 * threshold on one of {@link io.perfkit.monitor.JvmMetrics}' metrics, held for a while, whose
 * {@value #PROFILE} label names the profile type to capture when it fires (the profiler's
 * {@code io.perfkit.profiler.trigger.AlertCaptures} reads it). Thresholds and severities come
 * from {@link JvmThresholds}, which the profiler's GC report judges by too; each rule has a
 * public no-argument constructor with the default threshold, {@link JvmHealthRules#of} sets them
 * all, and a rules-file rule of the same name replaces a shipped one
 * ({@link io.perfkit.monitor.alert.AlertManager#overrideRules}). Immutable.
 */
public abstract class JvmHealthRule implements WordedRule {

  /** The label naming the profile type to capture when the rule fires. */
  public static final String PROFILE = ProfileLabels.PROFILE;

  private final ThresholdRule rule;
  private final double threshold;

  /**
   * @param words what the rule compares, in words ({@code GC overhead}), for the messages the
   *     rule words itself: {@code resolved: GC overhead 0.3 %, back below 10 %}
   * @param message the firing message
   * @param noData the message while the metric has no value, in words of the rule's own
   */
  JvmHealthRule(String name, String metric, double threshold, Duration forDuration, Severity severity,
      ProfileType capture, Unit unit, String words, String message, String noData) {
    this(AlertRules.threshold(name, metric), threshold, forDuration, severity, capture, unit, words, message, noData);
  }

  /** A rule on what {@code compared} reads (a value, a rate or a quantile of one metric). */
  JvmHealthRule(AlertRules.Builder compared, double threshold, Duration forDuration, Severity severity,
      ProfileType capture, Unit unit, String words, String message, String noData) {
    this.threshold = threshold;
    this.rule = compared.above(threshold).forDuration(forDuration)
        .keepFiringFor(Duration.ofMinutes(1)).severity(severity).labels(Labels.of(PROFILE, capture.wireName()))
        .unit(unit).quantity(words).message(Objects.requireNonNull(message, "message")).noDataMessage(noData).build();
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
  public String message(String metric, double value) {
    return rule.message(metric, value);
  }

  @Override
  public String resolvedMessage(String metric, double value) {
    return rule.resolvedMessage(metric, value);
  }

  @Override
  public String toString() {
    return rule.toString() + " for " + forDuration() + " → " + capture().wireName() + " profile";
  }

  // ---- the rules ----

  /** GC pauses take more than a fraction of wall time (10 %) for a minute: an allocation profile. */
  public static final class GcOverhead extends JvmHealthRule {
    public GcOverhead() {
      this(JvmThresholds.defaults().gcOverhead());
    }

    GcOverhead(double fraction) {
      super("JvmGcOverhead", "jvm.gc.overhead", fraction, Duration.ofMinutes(1), JvmThresholds.GC_OVERHEAD_SEVERITY,
          ProfileType.ALLOCATION, Unit.FRACTION, "GC overhead",
          "GC pauses take {{value.human}} of wall time, above {{threshold.human}}", "no GC overhead measured yet");
    }
  }

  /** Heap after GC above a fraction of the maximum (85 %) for two minutes: a heap profile. */
  public static final class HeapAfterGc extends JvmHealthRule {
    public HeapAfterGc() {
      this(JvmThresholds.defaults().heapAfterGc());
    }

    HeapAfterGc(double fraction) {
      super("JvmHeapAfterGc", "jvm.memory.heap.after.gc.fraction", fraction, Duration.ofMinutes(2),
          JvmThresholds.HEAP_AFTER_GC_SEVERITY, ProfileType.HEAP, Unit.FRACTION, "heap after GC",
          "heap after GC is {{value.human}} of the maximum, above {{threshold.human}}",
          "no heap after GC measured yet: no collection has ended");
    }
  }

  /** Allocation above a rate (1 GiB/s) for a minute: an allocation profile. */
  public static final class AllocationRate extends JvmHealthRule {
    public AllocationRate() {
      this(JvmThresholds.defaults().allocationRate());
    }

    AllocationRate(double bytesPerSecond) {
      super("JvmAllocationRate", "jvm.memory.allocation.rate.bytes", bytesPerSecond, Duration.ofMinutes(1),
          JvmThresholds.ALLOCATION_RATE_SEVERITY, ProfileType.ALLOCATION, Unit.BYTES_PER_SECOND, "allocation rate",
          "allocating {{value.human}}, above {{threshold.human}}", "no allocation rate measured yet");
    }
  }

  /** Metaspace above a size (512 MiB) for five minutes, the sign of a class loader leak: a heap profile. */
  public static final class Metaspace extends JvmHealthRule {
    public Metaspace() {
      this(JvmThresholds.defaults().metaspace());
    }

    Metaspace(double bytes) {
      super("JvmMetaspace", "jvm.memory.metaspace.used.bytes", bytes, Duration.ofMinutes(5), Severity.WARNING,
          ProfileType.HEAP, Unit.BYTES, "metaspace", "metaspace holds {{value.human}}, above {{threshold.human}}",
          "no metaspace size measured yet");
    }
  }

  /** More live threads than a limit (2,000) for a minute: a thread dump. */
  public static final class ThreadCount extends JvmHealthRule {
    public ThreadCount() {
      this(JvmThresholds.defaults().threadCount());
    }

    ThreadCount(int threads) {
      super("JvmThreadCount", "jvm.threads.live", threads, Duration.ofMinutes(1), Severity.WARNING,
          ProfileType.THREAD_DUMP, Unit.NONE, "live threads",
          "{{value}} live threads, above {{threshold}}", "no live threads counted yet");
    }
  }

  /**
   * Any deadlocked thread, at once: a thread dump, whose labels name the deadlocked threads and
   * their locks. Critical: deadlocked threads never recover by themselves.
   */
  public static final class Deadlock extends JvmHealthRule {
    public Deadlock() {
      super("JvmDeadlock", "jvm.threads.deadlocked", 0, Duration.ZERO, Severity.CRITICAL, ProfileType.THREAD_DUMP,
          Unit.NONE, "deadlocked threads", "{{value}} threads are deadlocked",
          "no deadlock check made yet");
    }
  }

  /**
   * Safepoints take more than a fraction of wall time (5 %) for a minute: a CPU profile. Needs
   * {@code JvmMetrics.builder(monitor).systemEvents(true).build()}, whose JFR stream measures safepoints; without
   * it the metric is absent and the rule never fires.
   */
  public static final class SafepointTime extends JvmHealthRule {
    public SafepointTime() {
      this(JvmThresholds.defaults().safepointTime());
    }

    SafepointTime(double fraction) {
      super("JvmSafepointTime", "jvm.safepoint.overhead", fraction, Duration.ofMinutes(1),
          JvmThresholds.SAFEPOINT_TIME_SEVERITY, ProfileType.CPU, Unit.FRACTION, "safepoint time",
          "safepoints take {{value.human}} of wall time, above {{threshold.human}}",
          "no safepoint time measured: it needs JvmMetrics.builder(monitor).systemEvents(true).build()");
    }
  }

  /**
   * A container's CPU quota runs out in more than a share of its periods (25 %) for a minute: a CPU
   * profile, which shows what burns the quota. Reads {@code container.cpu.throttled.fraction}
   * ({@link io.perfkit.monitor.ContainerMetrics}); outside a container with a CPU quota it has no
   * data and never fires.
   */
  public static final class CpuThrottled extends JvmHealthRule {
    public CpuThrottled() {
      this(JvmThresholds.defaults().cpuThrottled());
    }

    CpuThrottled(double fraction) {
      super("ContainerCpuThrottled", "container.cpu.throttled.fraction", fraction, Duration.ofMinutes(1),
          JvmThresholds.CPU_THROTTLED_SEVERITY, ProfileType.CPU, Unit.FRACTION, "CPU periods throttled",
          "the container's CPU quota ran out in {{value.human}} of its periods, above {{threshold.human}}: "
              + "every thread waited for the next period",
          "no CPU throttling measured: not in a container with a CPU quota, or ContainerMetrics not registered");
    }
  }

  /**
   * A container's memory in use above a fraction of its limit (90 %) for two minutes: a heap
   * profile, since the heap is what the application can shrink. Reads
   * {@code container.memory.usage.fraction} ({@link io.perfkit.monitor.ContainerMetrics}). Past the
   * limit the kernel kills the process; the rule warns before, so that the profile is taken and
   * kept. Without a memory limit it has no data and never fires.
   */
  public static final class ContainerMemory extends JvmHealthRule {
    public ContainerMemory() {
      this(JvmThresholds.defaults().containerMemory());
    }

    ContainerMemory(double fraction) {
      super("ContainerMemory", "container.memory.usage.fraction", fraction, Duration.ofMinutes(2),
          JvmThresholds.CONTAINER_MEMORY_SEVERITY, ProfileType.HEAP, Unit.FRACTION, "container memory",
          "the container uses {{value.human}} of its memory limit, above {{threshold.human}}: past it the kernel "
              + "kills the process",
          "no container memory measured: not in a container with a memory limit, or ContainerMetrics not registered");
    }
  }

  /**
   * Virtual threads block while pinned to their carriers more often than a rate (1 a second, each
   * longer than 20 ms) for a minute: a lock profile, whose recording carries the pinning events and
   * so names the sites ({@code PinningReport}, {@code /debug/pinning}). Pinned, a blocked virtual
   * thread holds its carrier, so a few of them stall every virtual thread. Reads the rate of the
   * timer {@code jvm.threads.virtual.pinned}, which needs
   * {@code JvmMetrics.builder(monitor).virtualThreads(true).build()} on JDK 21+; without it the
   * rule has no data and never fires.
   */
  public static final class VirtualThreadPinned extends JvmHealthRule {
    /** The default threshold: one pinned block a second. */
    public static final double DEFAULT_RATE = 1.0;

    public VirtualThreadPinned() {
      this(DEFAULT_RATE);
    }

    /**
     * @param perSecond the rate of pinned blocks above which the rule fires
     * @throws IllegalArgumentException when {@code perSecond} is not positive
     */
    public VirtualThreadPinned(double perSecond) {
      super(AlertRules.rate("JvmVirtualThreadPinned", "jvm.threads.virtual.pinned"),
          io.perfkit.api.Arguments.positive("perSecond", perSecond), Duration.ofMinutes(1), Severity.WARNING,
          ProfileType.LOCK, Unit.PER_SECOND, "pinned virtual threads",
          "virtual threads blocked while pinned to their carriers {{value.human}}, above {{threshold.human}}: "
              + "each holds a carrier while it waits",
          "no pinning measured: it needs JvmMetrics.builder(monitor).virtualThreads(true).build() on JDK 21+");
    }
  }

  /**
   * A thread pool's tasks wait in its queue longer than a time (p99 above 100 ms) for a minute:
   * the pool is too small for its load, or its threads are stuck. A thread dump, which shows what
   * the pool's threads are doing. Reads the p99 of every pool's {@code executor.idle} timer
   * ({@link io.perfkit.monitor.executor.ExecutorMetrics}) and compares the worst; the alert names
   * that pool's series. Without measured pools it has no data and never fires.
   */
  public static final class ExecutorQueueWait extends JvmHealthRule {
    /** The default threshold: 100 ms at the 99th percentile. */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofMillis(100);
    private static final String METRIC = "executor.idle";

    public ExecutorQueueWait() {
      this(DEFAULT_THRESHOLD);
    }

    /**
     * @param threshold the p99 queue wait above which a pool's tasks wait too long
     * @throws IllegalArgumentException when {@code threshold} is not positive
     */
    public ExecutorQueueWait(Duration threshold) {
      super(AlertRules.quantile("ExecutorQueueWait", METRIC, 0.99),
          io.perfkit.api.Arguments.positive("threshold", threshold).toNanos() / 1e9, Duration.ofMinutes(1),
          Severity.WARNING, ProfileType.THREAD_DUMP, Unit.SECONDS, "p99 queue wait",
          "{{metric}}: tasks waited {{value.human}} in the queue at p99, above {{threshold.human}}: the pool is "
              + "too small for its load, or its threads are stuck",
          "no queue wait measured: no pool measured by ExecutorMetrics ran a task in the last tick");
    }

    /** The worst p99 over every measured pool. */
    @Override
    public AlertEvaluation evaluate(MetricsView metrics) {
      String worst = null;
      double max = Double.NaN;
      for (String key : metrics.metricNames()) {
        if (key.equals(METRIC) || key.startsWith(METRIC + "{")) {
          java.util.OptionalDouble p99 = metrics.quantile(key, 0.99);
          if (p99.isPresent() && (worst == null || p99.getAsDouble() > max)) {
            worst = key;
            max = p99.getAsDouble();
          }
        }
      }
      if (worst == null) {
        return AlertEvaluation.noData(METRIC);
      }
      return max > threshold() ? AlertEvaluation.active(worst, max) : AlertEvaluation.inactive(worst, max);
    }
  }
}
