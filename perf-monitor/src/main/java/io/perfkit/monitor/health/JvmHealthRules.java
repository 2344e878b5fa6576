package io.perfkit.monitor.health;

import io.perfkit.api.alert.JvmThresholds;
import java.util.List;
import java.util.Objects;

/**
 * The shipped JVM health rules, with thresholds of your own: the same {@link JvmThresholds} the
 * profiler's GC report judges a recording by.
 *
 * <pre>{@code
 * alerts.addRules(JvmHealthRules.of(JvmThresholds.builder().gcOverhead(0.05).threadCount(500).build()));
 * }</pre>
 *
 * The same rules with their defaults are what {@code AlertManager.addInstalledRules()} finds.
 */
public final class JvmHealthRules {

  private JvmHealthRules() {}

  /** Every shipped rule with its default threshold. */
  public static List<JvmHealthRule> defaults() {
    return of(JvmThresholds.defaults());
  }

  /**
   * Every shipped rule, with the thresholds given; the pinning and thread pools' queue-wait rules
   * with their own defaults (a {@link JvmHealthRule.VirtualThreadPinned} or
   * {@link JvmHealthRule.ExecutorQueueWait} of another threshold replaces them).
   */
  public static List<JvmHealthRule> of(JvmThresholds thresholds) {
    Objects.requireNonNull(thresholds, "thresholds");
    return List.of(new JvmHealthRule.GcOverhead(thresholds.gcOverhead()),
        new JvmHealthRule.HeapAfterGc(thresholds.heapAfterGc()),
        new JvmHealthRule.AllocationRate(thresholds.allocationRate()),
        new JvmHealthRule.Metaspace(thresholds.metaspace()),
        new JvmHealthRule.ThreadCount(thresholds.threadCount()),
        new JvmHealthRule.Deadlock(),
        new JvmHealthRule.SafepointTime(thresholds.safepointTime()),
        new JvmHealthRule.CpuThrottled(thresholds.cpuThrottled()),
        new JvmHealthRule.ContainerMemory(thresholds.containerMemory()),
        new JvmHealthRule.VirtualThreadPinned(),
        new JvmHealthRule.ExecutorQueueWait());
  }
}
