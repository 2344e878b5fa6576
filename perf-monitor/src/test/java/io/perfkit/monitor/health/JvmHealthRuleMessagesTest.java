package io.perfkit.monitor.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each shipped rule's messages, against the values they print: a number with its unit on the
 * side of the threshold it is on, and words of the rule's own while the metric has no value.
 */
final class JvmHealthRuleMessagesTest {

  private static final double MIB = 1 << 20;
  private static final double GIB = 1 << 30;

  /** rule, firing value and message, value below the threshold, its message and resolved message, the no-data message. */
  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of(new JvmHealthRule.GcOverhead(), 0.12, "GC pauses take 12 % of wall time, above 10 %",
            0.003, "GC overhead 0.3 %, below 10 %", "resolved: GC overhead 0.3 %, back below 10 %",
            "no GC overhead measured yet"),
        Arguments.of(new JvmHealthRule.HeapAfterGc(), 0.912, "heap after GC is 91.2 % of the maximum, above 85 %",
            0.4, "heap after GC 40 %, below 85 %", "resolved: heap after GC 40 %, back below 85 %",
            "no heap after GC measured yet: no collection has ended"),
        Arguments.of(new JvmHealthRule.AllocationRate(), 1.5 * GIB, "allocating 1.5 GiB/s, above 1 GiB/s",
            7.972e8, "allocation rate 760 MiB/s, below 1 GiB/s", "resolved: allocation rate 760 MiB/s, back below 1 GiB/s",
            "no allocation rate measured yet"),
        Arguments.of(new JvmHealthRule.Metaspace(), 600 * MIB, "metaspace holds 600 MiB, above 512 MiB",
            48 * MIB, "metaspace 48 MiB, below 512 MiB", "resolved: metaspace 48 MiB, back below 512 MiB",
            "no metaspace size measured yet"),
        Arguments.of(new JvmHealthRule.ThreadCount(), 2100.0, "2100 live threads, above 2000",
            31.0, "live threads 31, below 2000", "resolved: live threads 31, back below 2000", "no live threads counted yet"),
        Arguments.of(new JvmHealthRule.Deadlock(), 2.0, "2 threads are deadlocked",
            0.0, "deadlocked threads 0, at 0", "resolved: deadlocked threads 0, back to 0", "no deadlock check made yet"),
        Arguments.of(new JvmHealthRule.SafepointTime(), 0.061, "safepoints take 6.1 % of wall time, above 5 %",
            0.0, "safepoint time 0 %, below 5 %", "resolved: safepoint time 0 %, back below 5 %",
            "no safepoint time measured: it needs JvmMetrics.builder(monitor).systemEvents(true).build()"),
        Arguments.of(new JvmHealthRule.CpuThrottled(), 0.38,
            "the container's CPU quota ran out in 38 % of its periods, above 25 %: every thread waited for the next period",
            0.02, "CPU periods throttled 2 %, below 25 %", "resolved: CPU periods throttled 2 %, back below 25 %",
            "no CPU throttling measured: not in a container with a CPU quota, or ContainerMetrics not registered"),
        Arguments.of(new JvmHealthRule.ContainerMemory(), 0.95,
            "the container uses 95 % of its memory limit, above 90 %: past it the kernel kills the process",
            0.5, "container memory 50 %, below 90 %", "resolved: container memory 50 %, back below 90 %",
            "no container memory measured: not in a container with a memory limit, or ContainerMetrics not registered"),
        Arguments.of(new JvmHealthRule.VirtualThreadPinned(), 4.0,
            "virtual threads blocked while pinned to their carriers 4/s, above 1/s: each holds a carrier while it waits",
            0.5, "pinned virtual threads 0.5/s, below 1/s", "resolved: pinned virtual threads 0.5/s, back below 1/s",
            "no pinning measured: it needs JvmMetrics.builder(monitor).virtualThreads(true).build() on JDK 21+"),
        Arguments.of(new JvmHealthRule.ExecutorQueueWait(), 0.25,
            "executor.idle: tasks waited 250 ms in the queue at p99, above 100 ms: the pool is too small for its load, "
                + "or its threads are stuck",
            0.004, "p99 queue wait 4 ms, below 100 ms", "resolved: p99 queue wait 4 ms, back below 100 ms",
            "no queue wait measured: no pool measured by ExecutorMetrics ran a task in the last tick"));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void messagesSayTheValueWithItsUnit(JvmHealthRule rule, double firing, String firingMessage, double quiet,
      String quietMessage, String resolvedMessage, String noData) {
    assertTrue(firing > rule.threshold() && quiet <= rule.threshold(), "the table's values are on their sides");
    assertEquals(firingMessage, rule.message(rule.metric(), firing));
    assertEquals(quietMessage, rule.message(rule.metric(), quiet));
    assertEquals(resolvedMessage, rule.resolvedMessage(rule.metric(), quiet));
    assertEquals(noData, rule.message(rule.metric(), Double.NaN));
  }

  @Test
  void everyShippedRuleIsInTheTable() {
    Set<String> tested = new HashSet<>();
    rules().forEach(a -> tested.add(((JvmHealthRule) a.get()[0]).name()));
    assertEquals(Set.copyOf(JvmHealthRules.defaults().stream().map(JvmHealthRule::name).toList()), tested);
  }

  @Test
  void thresholdsOfYourOwn_areWhatTheMessagesPrint() {
    List<JvmHealthRule> rules = JvmHealthRules.of(io.perfkit.api.alert.JvmThresholds.builder().gcOverhead(0.05)
        .allocationRate(256 * MIB).threadCount(500).build());
    assertEquals("GC pauses take 7 % of wall time, above 5 %", rules.get(0).message("jvm.gc.overhead", 0.07));
    assertEquals("allocating 300 MiB/s, above 256 MiB/s", rules.get(2).message("x", 300 * MIB));
    assertEquals("612 live threads, above 500", rules.get(4).message("x", 612));
  }
}
