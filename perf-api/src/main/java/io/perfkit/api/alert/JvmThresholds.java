package io.perfkit.api.alert;

import io.perfkit.api.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the JVM's conditions start to matter: the one set of thresholds that the monitor's JVM
 * health rules ({@code io.perfkit.monitor.health.JvmHealthRules}) judge live metrics against and
 * the profiler's GC report ({@code io.perfkit.profiler.memory.GcReport}) judges a recording
 * against, so that a rule and a finding about the same condition agree on its value and its
 * severity. It lives here, beside the alert SPI, because neither module depends on the other.
 *
 * <table>
 *   <caption>The thresholds, their defaults, and who reads them</caption>
 *   <tr><th>threshold</th><th>default</th><th>severity</th><th>rule</th><th>GC report</th></tr>
 *   <tr><td>{@link #gcOverhead()}</td><td>10 %</td><td>{@link #GC_OVERHEAD_SEVERITY warning}
 *       (the report: critical at twice it)</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@link #heapAfterGc()}</td><td>85 %</td><td>{@link #HEAP_AFTER_GC_SEVERITY warning}</td>
 *       <td>yes</td><td>yes</td></tr>
 *   <tr><td>{@link #allocationRate()}</td><td>1 GiB/s</td><td>{@link #ALLOCATION_RATE_SEVERITY info}</td>
 *       <td>yes</td><td>yes</td></tr>
 *   <tr><td>{@link #safepointTime()}</td><td>5 %</td><td>{@link #SAFEPOINT_TIME_SEVERITY warning}</td>
 *       <td>yes</td><td>yes</td></tr>
 *   <tr><td>{@link #longPause()}, {@link #veryLongPause()}</td><td>200 ms, 1 s</td><td>warning, critical</td>
 *       <td></td><td>yes</td></tr>
 *   <tr><td>{@link #heapGrowth()}</td><td>5 % of max</td><td>warning</td><td></td><td>yes</td></tr>
 *   <tr><td>{@link #metaspace()}</td><td>512 MiB</td><td>warning</td><td>yes</td><td></td></tr>
 *   <tr><td>{@link #threadCount()}</td><td>2,000</td><td>warning</td><td>yes</td><td></td></tr>
 * </table>
 *
 * <pre>{@code
 * JvmThresholds t = JvmThresholds.builder().heapAfterGc(0.9).threadCount(500).build();
 * alerts.addRules(JvmHealthRules.of(t));
 * GcReport report = GcReport.read(recording, null, null, t);
 * }</pre>
 *
 * Immutable; the builder checks each value and names it when it is wrong.
 */
public final class JvmThresholds {

  /**
   * GC overhead is a warning: a collector spending a tenth of the time paused slows every
   * request but still serves them, so it must not turn the health DOWN.
   */
  public static final Severity GC_OVERHEAD_SEVERITY = Severity.WARNING;

  /**
   * Heap after GC above the threshold is a warning, not critical: the rule once said critical
   * and the report warning. A critical alert turns the health DOWN, and an orchestrator that
   * restarts a JVM still serving loses the heap profile the rule was there to take; the leak
   * itself shows earlier as heap growth.
   */
  public static final Severity HEAP_AFTER_GC_SEVERITY = Severity.WARNING;

  /**
   * A high allocation rate is information, not a warning: the rule once said warning and the
   * report info. Allocating fast harms nothing by itself; what it costs shows as GC overhead,
   * which warns. The rule still fires, and takes the allocation profile that names who
   * allocates.
   */
  public static final Severity ALLOCATION_RATE_SEVERITY = Severity.INFO;

  /** Time in safepoints above the threshold is a warning, like GC overhead, for the same reason. */
  public static final Severity SAFEPOINT_TIME_SEVERITY = Severity.WARNING;

  /**
   * A container whose CPU quota runs out in many periods is a warning: every thread stalls until
   * the next period, so latency suffers, but the service answers.
   */
  public static final Severity CPU_THROTTLED_SEVERITY = Severity.WARNING;

  /**
   * A container near its memory limit is a warning, like heap after GC and for the same reason: a
   * critical alert turns {@code /health} DOWN, and a liveness probe's restart would lose the heap
   * profile the rule takes before the kernel's own limit is reached.
   */
  public static final Severity CONTAINER_MEMORY_SEVERITY = Severity.WARNING;

  private static final JvmThresholds DEFAULTS = builder().build();

  private final double gcOverhead;
  private final double heapAfterGc;
  private final double allocationRate;
  private final double safepointTime;
  private final Duration longPause;
  private final Duration veryLongPause;
  private final double heapGrowth;
  private final double metaspace;
  private final int threadCount;
  private final double cpuThrottled;
  private final double containerMemory;

  private JvmThresholds(Builder b) {
    this.gcOverhead = b.gcOverhead;
    this.heapAfterGc = b.heapAfterGc;
    this.allocationRate = b.allocationRate;
    this.safepointTime = b.safepointTime;
    this.longPause = b.longPause;
    this.veryLongPause = b.veryLongPause;
    this.heapGrowth = b.heapGrowth;
    this.metaspace = b.metaspace;
    this.threadCount = b.threadCount;
    this.cpuThrottled = b.cpuThrottled;
    this.containerMemory = b.containerMemory;
  }

  /** Every threshold at its default. */
  public static JvmThresholds defaults() {
    return DEFAULTS;
  }

  /** Thresholds that start from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** GC pause time over wall time, a fraction in (0, 1] (0.10). */
  public double gcOverhead() {
    return gcOverhead;
  }

  /**
   * Heap in use after a collection over the maximum heap, a fraction in (0, 1] (0.85). The rule
   * said 0.85 and the report 0.80: 0.85 is kept, since the heap after a young collection still
   * holds old objects that are dead but not yet marked, so a healthy G1 or Parallel heap under
   * load passes 0.80 more often than a leaking one needs to be caught, and the rule's users
   * already tuned against 0.85.
   */
  public double heapAfterGc() {
    return heapAfterGc;
  }

  /** Bytes allocated per second worth a look (1 GiB/s). */
  public double allocationRate() {
    return allocationRate;
  }

  /** Time inside safepoints over wall time, a fraction in (0, 1] (0.05). */
  public double safepointTime() {
    return safepointTime;
  }

  /** A stop-the-world pause this long is a warning (200 ms). */
  public Duration longPause() {
    return longPause;
  }

  /** A stop-the-world pause this long is critical (1 s); never shorter than {@link #longPause()}. */
  public Duration veryLongPause() {
    return veryLongPause;
  }

  /**
   * Growth of heap after GC over a report's window, as a fraction in (0, 1] of the maximum heap,
   * that is a warning when the fit explains at least half the variation (0.05).
   */
  public double heapGrowth() {
    return heapGrowth;
  }

  /** Metaspace in use, bytes, past which a class loader probably leaks (512 MiB). */
  public double metaspace() {
    return metaspace;
  }

  /** Live threads (2,000). */
  public int threadCount() {
    return threadCount;
  }

  /**
   * The share of a container's CPU quota periods in which the quota ran out, a fraction in (0, 1]
   * (0.25): past it, a quarter of the periods end with every thread stalled.
   */
  public double cpuThrottled() {
    return cpuThrottled;
  }

  /**
   * A container's memory in use over its limit, a fraction in (0, 1] (0.90): the heap, the
   * JVM's native memory and the page cache together, as the kernel counts them against the limit.
   */
  public double containerMemory() {
    return containerMemory;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JvmThresholds t && gcOverhead == t.gcOverhead && heapAfterGc == t.heapAfterGc
        && allocationRate == t.allocationRate && safepointTime == t.safepointTime && longPause.equals(t.longPause)
        && veryLongPause.equals(t.veryLongPause) && heapGrowth == t.heapGrowth && metaspace == t.metaspace
        && threadCount == t.threadCount && cpuThrottled == t.cpuThrottled
        && containerMemory == t.containerMemory;
  }

  @Override
  public int hashCode() {
    return Objects.hash(gcOverhead, heapAfterGc, allocationRate, safepointTime, longPause, veryLongPause, heapGrowth,
        metaspace, threadCount, cpuThrottled, containerMemory);
  }

  @Override
  public String toString() {
    return "JvmThresholds{gcOverhead=" + gcOverhead + ", heapAfterGc=" + heapAfterGc + ", allocationRate="
        + allocationRate + ", safepointTime=" + safepointTime + ", longPause=" + longPause + ", veryLongPause="
        + veryLongPause + ", heapGrowth=" + heapGrowth + ", metaspace=" + metaspace + ", threadCount=" + threadCount
        + ", cpuThrottled=" + cpuThrottled + ", containerMemory=" + containerMemory + '}';
  }

  /** Sets thresholds, in any order; each setter checks its value and names it when it is wrong. */
  public static final class Builder {
    private double gcOverhead = 0.10;
    private double heapAfterGc = 0.85;
    private double allocationRate = 1L << 30;
    private double safepointTime = 0.05;
    private Duration longPause = Duration.ofMillis(200);
    private Duration veryLongPause = Duration.ofSeconds(1);
    private double heapGrowth = 0.05;
    private double metaspace = 512L << 20;
    private int threadCount = 2000;
    private double cpuThrottled = 0.25;
    private double containerMemory = 0.90;

    private Builder() {}

    /** GC pause time over wall time, a fraction in (0, 1] (0.10). */
    public Builder gcOverhead(double fraction) {
      this.gcOverhead = Arguments.fraction("GC overhead", fraction);
      return this;
    }

    /** Heap after GC over the maximum heap, a fraction in (0, 1] (0.85). */
    public Builder heapAfterGc(double fraction) {
      this.heapAfterGc = Arguments.fraction("heap after GC", fraction);
      return this;
    }

    /** Bytes allocated per second (1 GiB). */
    public Builder allocationRate(double bytesPerSecond) {
      this.allocationRate = Arguments.positive("allocation rate", bytesPerSecond);
      return this;
    }

    /** Safepoint time over wall time, a fraction in (0, 1] (0.05). */
    public Builder safepointTime(double fraction) {
      this.safepointTime = Arguments.fraction("safepoint time", fraction);
      return this;
    }

    /** A pause this long is a warning, one this very long critical (200 ms and 1 s). */
    public Builder pauses(Duration longPause, Duration veryLongPause) {
      Objects.requireNonNull(longPause, "long pause");
      Objects.requireNonNull(veryLongPause, "very long pause");
      if (longPause.isNegative() || longPause.isZero() || veryLongPause.compareTo(longPause) < 0) {
        throw new IllegalArgumentException("pause thresholds must satisfy 0 < long ≤ very long; got long "
            + longPause + ", very long " + veryLongPause);
      }
      this.longPause = longPause;
      this.veryLongPause = veryLongPause;
      return this;
    }

    /** Growth of heap after GC over a window, a fraction in (0, 1] of the maximum heap (0.05). */
    public Builder heapGrowth(double fraction) {
      this.heapGrowth = Arguments.fraction("heap growth", fraction);
      return this;
    }

    /** Metaspace in use, bytes (512 MiB). */
    public Builder metaspace(double bytes) {
      this.metaspace = Arguments.positive("metaspace size", bytes);
      return this;
    }

    /** Live threads (2,000). */
    public Builder threadCount(int threads) {
      this.threadCount = Arguments.positive("thread count", threads);
      return this;
    }

    /** Share of a container's CPU quota periods throttled, a fraction in (0, 1] (0.25). */
    public Builder cpuThrottled(double fraction) {
      this.cpuThrottled = Arguments.fraction("CPU throttled share", fraction);
      return this;
    }

    /** A container's memory in use over its limit, a fraction in (0, 1] (0.90). */
    public Builder containerMemory(double fraction) {
      this.containerMemory = Arguments.fraction("container memory", fraction);
      return this;
    }

    public JvmThresholds build() {
      return new JvmThresholds(this);
    }

  }
}
