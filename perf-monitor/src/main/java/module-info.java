/**
 * Metrics (counters, gauges, HdrHistogram timers and distributions), history, subscriptions,
 * JVM and system metrics, the alert manager and the HTTP endpoints.
 */
// HdrHistogram 2.2.2 ships neither a module descriptor nor an Automatic-Module-Name, so it is
// an automatic module named after its jar; nothing of it appears in this module's API.
@SuppressWarnings("requires-automatic")
module io.perfkit.monitor {
  requires transitive io.perfkit.api;
  requires HdrHistogram;
  requires com.fasterxml.jackson.databind;
  requires com.google.common;
  requires java.management;
  requires jdk.management;
  requires jdk.jfr;
  requires transitive io.perfkit.http;

  exports io.perfkit.monitor;
  exports io.perfkit.monitor.alert;
  exports io.perfkit.monitor.executor;
  exports io.perfkit.monitor.http;
  exports io.perfkit.monitor.health;

  uses io.perfkit.api.alert.AlertRule;

  provides io.perfkit.api.alert.AlertRule with
      io.perfkit.monitor.health.JvmHealthRule.GcOverhead,
      io.perfkit.monitor.health.JvmHealthRule.HeapAfterGc,
      io.perfkit.monitor.health.JvmHealthRule.AllocationRate,
      io.perfkit.monitor.health.JvmHealthRule.Metaspace,
      io.perfkit.monitor.health.JvmHealthRule.ThreadCount,
      io.perfkit.monitor.health.JvmHealthRule.Deadlock,
      io.perfkit.monitor.health.JvmHealthRule.SafepointTime,
      io.perfkit.monitor.health.JvmHealthRule.CpuThrottled,
      io.perfkit.monitor.health.JvmHealthRule.ContainerMemory,
      io.perfkit.monitor.health.JvmHealthRule.VirtualThreadPinned,
      io.perfkit.monitor.health.JvmHealthRule.ExecutorQueueWait;
}
