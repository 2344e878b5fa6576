package io.perfkit.profiler.memory;

import io.perfkit.api.Quantiles;
import io.perfkit.api.alert.JvmThresholds;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the garbage collector did in a recording, and what of it matters: stop-the-world pauses
 * (count, p50, p99, max, total, by cause and by collector), concurrent cycle time apart from
 * pauses, GC overhead, allocation and promotion rates, heap after GC over time, humongous
 * allocations on G1, safepoint time, and {@link #findings()} in words with their numbers.
 *
 * <p>Read from any recording with Flight Recorder's GC events (every Perfkit capture and the
 * always-on continuous recorder have them; so does a recording made with JFR's {@code default}
 * settings):
 *
 * <ul>
 *   <li><b>Pauses</b> are {@code jdk.GCPhasePause} events, one per stop-the-world pause, joined to
 *       their collection's collector and cause ({@code jdk.GarbageCollection}). A concurrent
 *       cycle (G1's marking, ZGC, Shenandoah) contributes only its pauses; the rest of its
 *       duration is {@link #concurrentTime()}.</li>
 *   <li><b>Allocation</b> is measured as the heap grows between stop-the-world collections: the
 *       heap used before each collection minus the heap used after the previous one ({@code
 *       jdk.GCHeapSummary}), summed over the span from the first collection to the last. It
 *       counts every byte put in the heap, TLAB or not, by every thread, dead or alive. With
 *       fewer than two such collections (ZGC and Shenandoah collect concurrently) it falls back
 *       to the weights of {@code jdk.ObjectAllocationSample}, JFR's own estimate.</li>
 *   <li><b>Promotion</b> is the growth of the heap after GC from one young collection to the next
 *       (old generation growth, plus survivor change).</li>
 *   <li><b>Heap growth</b>, the leak signal, is fitted to the lowest heap-after-GC in each tenth of
 *       the window, so the saw-tooth of young collections does not read as growth.</li>
 *   <li><b>Humongous</b> allocations (G1 objects of half a region or more) are counted from
 *       collections caused by them and, where the recording has {@code
 *       jdk.ObjectAllocationOutsideTLAB} (HEAP and ALLOCATION captures do), from allocations of
 *       that size, with their sites.</li>
 *   <li><b>Safepoints</b>: {@code jdk.SafepointBegin} to {@code jdk.SafepointEnd}, for all
 *       operations, GC or not.</li>
 *   <li><b>The container's memory limit</b>, where the JVM runs under one and the JDK records
 *       {@code jdk.ContainerConfiguration}: a maximum heap at or above
 *       {@link JvmThresholds#containerMemory()} of it is the finding {@code heap-vs-container-limit},
 *       since the kernel kills a process that outgrows the limit before the heap fills.</li>
 * </ul>
 *
 * Immutable once read; {@link #toJson()} and {@link #text()} render it. This class is the entry
 * point; each job is its own class beside it: {@code GcEvents} reads the recording,
 * {@code GcStatistics} computes the numbers above, {@code GcFindings} judges them against
 * {@link JvmThresholds} (shared with the monitor's JVM health rules), and {@code GcReportJson} and {@code GcReportText} render the report.
 */
public final class GcReport {

  /** One stop-the-world pause. */
  public record Pause(Instant start, Duration duration, long gcId, String collector, String cause, String phase) {}

  /** The heap in use after one collection. */
  public record HeapPoint(Instant time, long gcId, String collector, long usedBytes) {}

  /**
   * Statistics of a set of pauses; p50 and p99 are {@link Quantiles#nearestRank nearest-rank}
   * over the exact durations, the definition every Perfkit quantile follows.
   */
  public record PauseStats(long count, Duration total, Duration p50, Duration p99, Duration max) {

    static PauseStats of(List<Duration> durations) {
      long[] nanos = new long[durations.size()];
      long total = 0;
      for (int i = 0; i < nanos.length; i++) {
        nanos[i] = durations.get(i).toNanos();
        total += nanos[i];
      }
      Arrays.sort(nanos);
      return new PauseStats(nanos.length, Duration.ofNanos(total), Duration.ofNanos(Quantiles.nearestRank(nanos, 0.50)),
          Duration.ofNanos(Quantiles.nearestRank(nanos, 0.99)), Duration.ofNanos(nanos.length == 0 ? 0 : nanos[nanos.length - 1]));
    }
  }

  /** A site that allocated humongous objects, from allocations outside TLABs. */
  public record HumongousSite(String site, String objectClass, long samples, long largestBytes) {}

  private final GcStatistics stats;
  private final List<GcFinding> findings;

  private GcReport(GcStatistics stats, JvmThresholds thresholds) {
    this.stats = stats;
    this.findings = GcFindings.of(stats, thresholds);
  }

  /** Reads the whole recording with the default thresholds. */
  public static GcReport read(Path jfr) throws IOException {
    return read(jfr, null, null, JvmThresholds.defaults());
  }

  /**
   * Reads the events of a recording between {@code from} and {@code to} (either may be null:
   * the recording's own start or end), judged against {@code thresholds}: the same ones the
   * monitor's JVM health rules judge live metrics by.
   *
   * @throws IOException when the file cannot be read as a recording
   */
  public static GcReport read(Path jfr, Instant from, Instant to, JvmThresholds thresholds) throws IOException {
    Objects.requireNonNull(jfr, "jfr");
    Objects.requireNonNull(thresholds, "thresholds");
    if (from != null && to != null && to.isBefore(from)) {
      throw new IllegalArgumentException("GC report window is empty: " + from + " is after " + to);
    }
    return new GcReport(new GcStatistics(GcEvents.read(jfr, from, to)), thresholds);
  }

  // ---- accessors ----

  /** The start of the window the report covers (null for an empty recording). */
  public Instant from() {
    return stats.from;
  }

  /** The end of the window the report covers (null for an empty recording). */
  public Instant to() {
    return stats.to;
  }

  /** The window's length in seconds. */
  public double windowSeconds() {
    return stats.windowSeconds();
  }

  /** Every stop-the-world pause, in time order. */
  public List<Pause> pauses() {
    return stats.pauses;
  }

  /** All pauses together. */
  public PauseStats pauseStats() {
    return stats.all;
  }

  /** Pauses by the cause of their collection ({@code G1 Evacuation Pause}, {@code System.gc()}, …). */
  public Map<String, PauseStats> pausesByCause() {
    return stats.byCause;
  }

  /** Pauses by collector, as JFR names it ({@code G1New}, {@code G1Old}, {@code G1Full}, {@code DefNew}, …). */
  public Map<String, PauseStats> pausesByCollector() {
    return stats.byCollector;
  }

  /** Collections by collector. */
  public Map<String, Long> collections() {
    return stats.collections;
  }

  /** Time collections ran outside their pauses: concurrent cycles. */
  public Duration concurrentTime() {
    return stats.concurrent;
  }

  /** Stop-the-world pause time over the window's wall time. */
  public double overhead() {
    return stats.overhead();
  }

  /** Bytes allocated per second (see the class documentation for how). */
  public double allocationRate() {
    return stats.allocationRate();
  }

  /** How {@link #allocationRate()} was measured. */
  public String allocationSource() {
    return stats.allocationSource;
  }

  /** Bytes promoted per second across young collections; 0 with fewer than two in a row. */
  public double promotionRate() {
    return stats.promotionRate();
  }

  /** The heap in use after each collection, in time order. */
  public List<HeapPoint> heapAfterGc() {
    return stats.heapAfter;
  }

  /** The fitted growth of the heap after GC, bytes per second (see the class documentation). */
  public double heapGrowthRate() {
    return stats.growthPerSecond;
  }

  /** The maximum heap, bytes; 0 when the recording does not say. */
  public long maxHeap() {
    return stats.maxHeap;
  }

  /**
   * The memory limit of the container the JVM ran in, bytes, from JFR's
   * {@code jdk.ContainerConfiguration}; 0 when there is none or the recording does not say.
   */
  public long containerMemoryLimit() {
    return stats.containerMemoryLimit;
  }

  /** Collections caused by humongous allocations (G1). */
  public long humongousCollections() {
    return stats.humongousCollections;
  }

  /** Sites of sampled humongous allocations, most samples first. */
  public List<HumongousSite> humongousSites() {
    return stats.humongousSites;
  }

  /** Safepoints begun in the window. */
  public long safepoints() {
    return stats.safepoints;
  }

  /** Time from each safepoint's begin to its end. */
  public Duration safepointTime() {
    return stats.safepointTime;
  }

  /** What was found, most severe first. */
  public List<GcFinding> findings() {
    return findings;
  }

  // ---- rendering ----

  /** The report as JSON-ready maps and lists, in base units (seconds, bytes, fractions). */
  public Map<String, Object> toJson() {
    return GcReportJson.of(stats, findings);
  }

  /** The report for people. */
  public String text() {
    return GcReportText.of(stats, findings);
  }
}
