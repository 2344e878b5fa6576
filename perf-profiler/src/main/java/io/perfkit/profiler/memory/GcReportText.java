package io.perfkit.profiler.memory;

import static io.perfkit.profiler.memory.GcUnits.bytes;
import static io.perfkit.profiler.memory.GcUnits.human;

import io.perfkit.profiler.memory.GcReport.PauseStats;
import java.util.List;
import java.util.Locale;

/** {@link GcReport#text()}: the report for people. */
final class GcReportText {

  private GcReportText() {}

  static String of(GcStatistics s, List<GcFinding> findings) {
    StringBuilder sb = new StringBuilder();
    PauseStats all = s.all;
    sb.append(String.format(Locale.ROOT, "GC report: %s of wall time%s%n", human(s.windowSeconds()),
        s.youngCollector == null ? "" : ", collectors " + s.youngCollector + " / " + s.oldCollector));
    sb.append(String.format(Locale.ROOT, "  pauses      %d, total %s, p50 %s, p99 %s, max %s (overhead %.2f %%)%n",
        all.count(), human(all.total()), human(all.p50()), human(all.p99()), human(all.max()), 100 * s.overhead()));
    s.byCause.forEach((cause, c) -> sb.append(String.format(Locale.ROOT, "    cause %-28s %5d, total %s, max %s%n",
        cause, c.count(), human(c.total()), human(c.max()))));
    s.byCollector.forEach((gc, c) -> sb.append(String.format(Locale.ROOT, "    collector %-24s %5d, total %s, max %s%n",
        gc, c.count(), human(c.total()), human(c.max()))));
    sb.append("  concurrent  ").append(human(s.concurrent)).append(" outside pauses\n");
    sb.append(String.format(Locale.ROOT, "  allocation  %s/s (%s); promotion %s/s%n", bytes(s.allocationRate()),
        s.allocationSource, bytes(s.promotionRate())));
    if (!s.heapAfter.isEmpty()) {
      sb.append(String.format(Locale.ROOT, "  heap after GC  %s → %s of %s, fitted growth %s/min%n",
          bytes(s.heapAfter.get(0).usedBytes()), bytes(s.heapAfter.get(s.heapAfter.size() - 1).usedBytes()),
          bytes(s.maxHeap), bytes(s.growthPerSecond * 60)));
    }
    if (s.containerMemoryLimit > 0) {
      sb.append(String.format(Locale.ROOT, "  container   memory limit %s; the heap may take %s of it%n", bytes(s.containerMemoryLimit),
          s.maxHeap > 0 ? String.format(Locale.ROOT, "%.0f %%", 100.0 * s.maxHeap / s.containerMemoryLimit) : "an unknown share"));
    }
    sb.append(String.format(Locale.ROOT, "  safepoints  %d, %s in all, %s reaching them%n", s.safepoints,
        human(s.safepointTime), human(s.timeToSafepoint)));
    sb.append(findings.isEmpty() ? "findings: none\n" : "findings:\n");
    for (GcFinding f : findings) {
      sb.append("  ").append(f).append('\n');
    }
    return sb.toString();
  }
}
