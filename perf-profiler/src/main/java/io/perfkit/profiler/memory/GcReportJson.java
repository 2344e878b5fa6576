package io.perfkit.profiler.memory;

import static io.perfkit.profiler.memory.GcUnits.seconds;

import io.perfkit.profiler.memory.GcReport.HeapPoint;
import io.perfkit.profiler.memory.GcReport.HumongousSite;
import io.perfkit.profiler.memory.GcReport.PauseStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link GcReport#toJson()}: the report as JSON-ready maps and lists, in base units (seconds, bytes, fractions). */
final class GcReportJson {

  private GcReportJson() {}

  static Map<String, Object> of(GcStatistics s, List<GcFinding> findings) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", s.from == null ? null : s.from.toString());
    m.put("to", s.to == null ? null : s.to.toString());
    m.put("wallSeconds", s.windowSeconds());
    m.put("collectors", s.youngCollector == null ? Map.of() : Map.of("young", s.youngCollector, "old", s.oldCollector));
    m.put("pauses", stats(s.all));
    Map<String, Object> causes = new LinkedHashMap<>();
    s.byCause.forEach((k, v) -> causes.put(k, stats(v)));
    m.put("pausesByCause", causes);
    Map<String, Object> collectors = new LinkedHashMap<>();
    s.byCollector.forEach((k, v) -> collectors.put(k, stats(v)));
    m.put("pausesByCollector", collectors);
    m.put("collections", new TreeMap<>(s.collections));
    m.put("concurrentSeconds", seconds(s.concurrent));
    m.put("overhead", s.overhead());
    m.put("allocationBytesPerSecond", s.allocationRate());
    m.put("allocationSource", s.allocationSource);
    m.put("promotionBytesPerSecond", s.promotionRate());
    m.put("maxHeapBytes", s.maxHeap);
    m.put("containerMemoryLimitBytes", s.containerMemoryLimit > 0 ? s.containerMemoryLimit : null);
    m.put("heapGrowthBytesPerSecond", s.growthPerSecond);
    List<Object> points = new ArrayList<>();
    for (HeapPoint p : s.heapAfter) {
      points.add(Map.of("time", p.time().toString(), "gcId", p.gcId(), "collector", p.collector(), "usedBytes", p.usedBytes()));
    }
    m.put("heapAfterGc", points);
    m.put("humongousCollections", s.humongousCollections);
    List<Object> sites = new ArrayList<>();
    for (HumongousSite h : s.humongousSites) {
      sites.add(Map.of("site", h.site(), "class", h.objectClass(), "samples", h.samples(), "largestBytes", h.largestBytes()));
    }
    m.put("humongousSites", sites);
    m.put("safepoints", Map.of("count", s.safepoints, "seconds", seconds(s.safepointTime),
        "timeToSafepointSeconds", seconds(s.timeToSafepoint)));
    List<Object> fs = new ArrayList<>();
    for (GcFinding f : findings) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("severity", f.severity().wireName());
      fm.put("code", f.code());
      fm.put("message", f.message());
      fm.put("evidence", new TreeMap<>(f.evidence()));
      fs.add(fm);
    }
    m.put("findings", fs);
    return m;
  }

  private static Map<String, Object> stats(PauseStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", s.count());
    m.put("totalSeconds", seconds(s.total()));
    m.put("p50Seconds", seconds(s.p50()));
    m.put("p99Seconds", seconds(s.p99()));
    m.put("maxSeconds", seconds(s.max()));
    return m;
  }
}
