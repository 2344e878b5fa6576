package io.perfkit.profiler.memory;

import static io.perfkit.profiler.memory.GcUnits.bytes;
import static io.perfkit.profiler.memory.GcUnits.human;
import static io.perfkit.profiler.memory.GcUnits.seconds;

import io.perfkit.api.alert.JvmThresholds;
import io.perfkit.api.alert.Severity;
import io.perfkit.profiler.memory.GcReport.HeapPoint;
import io.perfkit.profiler.memory.GcReport.HumongousSite;
import io.perfkit.profiler.memory.GcReport.Pause;
import io.perfkit.profiler.memory.GcReport.PauseStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The judging of {@link GcReport}: what of its {@link GcStatistics} matters, against the
 * {@link JvmThresholds} the monitor's JVM health rules also judge by, with the same severities,
 * as {@link GcFinding}s in words with their numbers, most severe first.
 */
final class GcFindings {

  /** Causes of collections something asked for: not the collector failing to keep up. */
  private static final Set<String> REQUESTED = Set.of("System.gc()", "Heap Inspection Initiated GC",
      "Heap Dump Initiated GC", "Diagnostic Command", "JvmtiEnv ForceGarbageCollection");

  private GcFindings() {}

  static List<GcFinding> of(GcStatistics s, JvmThresholds t) {
    List<GcFinding> out = new ArrayList<>();
    double wall = s.windowSeconds();
    double overhead = s.overhead();
    if (wall > 0 && overhead >= t.gcOverhead()) {
      out.add(new GcFinding(overhead >= 2 * t.gcOverhead() ? Severity.CRITICAL : JvmThresholds.GC_OVERHEAD_SEVERITY,
          "gc-overhead",
          String.format(Locale.ROOT, "GC overhead %.1f %%: %s of stop-the-world pauses in %s, above %.0f %%",
              100 * overhead, human(s.all.total()), human(wall), 100 * t.gcOverhead()),
          Map.of("overhead", overhead, "pauseSeconds", seconds(s.all.total()), "wallSeconds", wall,
              "threshold", t.gcOverhead())));
    }
    Pause longest = s.pauses.stream().max(Comparator.comparing(Pause::duration)).orElse(null);
    if (longest != null && longest.duration().compareTo(t.longPause()) >= 0) {
      boolean critical = longest.duration().compareTo(t.veryLongPause()) >= 0;
      out.add(new GcFinding(critical ? Severity.CRITICAL : Severity.WARNING, "long-pause",
          String.format(Locale.ROOT, "a %s pause, cause %s, collector %s (%s); %d pause(s) of %s or more",
              human(longest.duration()), longest.cause(), longest.collector(), longest.phase(),
              s.pauses.stream().filter(p -> p.duration().compareTo(t.longPause()) >= 0).count(), human(t.longPause())),
          Map.of("pauseSeconds", seconds(longest.duration()), "cause", longest.cause(),
              "collector", longest.collector(), "at", longest.start().toString(),
              "thresholdSeconds", seconds(t.longPause()))));
    }
    if (s.maxHeap > 0 && s.heapAfter.size() >= 3 && s.growthR2 >= 0.5) {
      double grown = s.growthPerSecond * wall;
      if (grown >= t.heapGrowth() * s.maxHeap) {
        String note = s.oldCollected ? "" : " (no old collection in the window: part of it may be garbage not yet collected)";
        out.add(new GcFinding(Severity.WARNING, "heap-growth",
            String.format(Locale.ROOT, "heap after GC grew %s/min over %s (%s in all, %.0f %% of max; fit r² %.2f)%s",
                bytes(s.growthPerSecond * 60), human(wall), bytes(grown), 100 * grown / s.maxHeap, s.growthR2, note),
            Map.of("bytesPerSecond", s.growthPerSecond, "grownBytes", grown, "maxHeapBytes", s.maxHeap,
                "r2", s.growthR2, "oldCollected", s.oldCollected)));
      }
    }
    if (s.maxHeap > 0 && !s.heapAfter.isEmpty()) {
      HeapPoint lastPoint = s.heapAfter.get(s.heapAfter.size() - 1);
      double fraction = (double) lastPoint.usedBytes() / s.maxHeap;
      if (fraction >= t.heapAfterGc()) {
        out.add(new GcFinding(JvmThresholds.HEAP_AFTER_GC_SEVERITY, "heap-after-gc",
            String.format(Locale.ROOT, "heap after the last GC is %.0f %% of max (%s of %s), above %.0f %%",
                100 * fraction, bytes(lastPoint.usedBytes()), bytes(s.maxHeap), 100 * t.heapAfterGc()),
            Map.of("fraction", fraction, "usedBytes", lastPoint.usedBytes(), "maxHeapBytes", s.maxHeap,
                "threshold", t.heapAfterGc())));
      }
    }
    if (s.maxHeap > 0 && s.containerMemoryLimit > 0 && s.maxHeap >= t.containerMemory() * s.containerMemoryLimit) {
      double fraction = (double) s.maxHeap / s.containerMemoryLimit;
      out.add(new GcFinding(JvmThresholds.CONTAINER_MEMORY_SEVERITY, "heap-vs-container-limit",
          String.format(Locale.ROOT, "the heap may grow to %.0f %% of the container's memory limit (%s of %s), above %.0f %%: "
              + "metaspace, thread stacks, code and direct buffers need the rest, and the kernel kills the process "
              + "before Java throws OutOfMemoryError; lower -Xmx or -XX:MaxRAMPercentage",
              100 * fraction, bytes(s.maxHeap), bytes(s.containerMemoryLimit), 100 * t.containerMemory()),
          Map.of("fraction", fraction, "maxHeapBytes", s.maxHeap, "limitBytes", s.containerMemoryLimit,
              "threshold", t.containerMemory())));
    }
    long fullOnG1 = s.pauses.stream().filter(p -> p.collector().equals("G1Full") && !REQUESTED.contains(p.cause()))
        .map(Pause::gcId).distinct().count();
    if (fullOnG1 > 0) {
      out.add(new GcFinding(Severity.WARNING, "g1-full-gc",
          fullOnG1 + " full collection(s) on G1 that nothing asked for: concurrent marking did not keep up with "
              + "allocation, or to-space was exhausted",
          Map.of("count", fullOnG1)));
    }
    PauseStats explicit = s.byCause.get("System.gc()");
    if (explicit != null) {
      out.add(new GcFinding(Severity.INFO, "explicit-gc",
          explicit.count() + " pause(s) caused by System.gc(), " + human(explicit.total()) + " in all",
          Map.of("count", explicit.count(), "pauseSeconds", seconds(explicit.total()))));
    }
    List<HumongousSite> sites = s.humongousSites;
    if (s.humongousCollections > 0 || !sites.isEmpty() || s.humongousRegions > 0) {
      String top = sites.isEmpty() ? "" : "; top site " + sites.get(0).site() + " ("
          + sites.get(0).objectClass() + ", up to " + bytes(sites.get(0).largestBytes()) + ")";
      out.add(new GcFinding(s.humongousCollections > 0 ? Severity.WARNING : Severity.INFO, "humongous",
          s.humongousCollections + " collection(s) caused by humongous allocations"
              + (s.humongousRegions > 0 ? ", " + s.humongousRegions + " humongous object(s) placed in regions" : "")
              + ", " + sites.size() + " site(s) allocating humongous objects seen" + top,
          Map.of("collections", s.humongousCollections, "sites", sites.size(), "regions", s.humongousRegions)));
    }
    long inspections = s.pauses.stream().filter(p -> REQUESTED.contains(p.cause()) && !p.cause().equals("System.gc()"))
        .map(Pause::gcId).distinct().count();
    if (inspections > 0) {
      out.add(new GcFinding(Severity.INFO, "requested-gc",
          inspections + " collection(s) asked for by tools (class histograms, heap dumps, diagnostic commands)",
          Map.of("count", inspections)));
    }
    double rate = s.allocationRate();
    if (rate >= t.allocationRate()) {
      out.add(new GcFinding(JvmThresholds.ALLOCATION_RATE_SEVERITY, "allocation-rate",
          String.format(Locale.ROOT, "allocation rate %s/s (from %s), above %s/s", bytes(rate), s.allocationSource,
              bytes(t.allocationRate())),
          Map.of("bytesPerSecond", rate, "threshold", t.allocationRate())));
    }
    double sp = wall > 0 ? seconds(s.safepointTime) / wall : 0;
    if (sp >= t.safepointTime()) {
      out.add(new GcFinding(JvmThresholds.SAFEPOINT_TIME_SEVERITY, "safepoints",
          String.format(Locale.ROOT, "%.1f %% of the time in safepoints (%d, %s in all, %s reaching them), above %.0f %%",
              100 * sp, s.safepoints, human(s.safepointTime), human(s.timeToSafepoint), 100 * t.safepointTime()),
          Map.of("fraction", sp, "count", s.safepoints, "seconds", seconds(s.safepointTime), "threshold", t.safepointTime())));
    }
    out.sort(Comparator.comparing(GcFinding::severity).reversed());
    return List.copyOf(out);
  }
}
