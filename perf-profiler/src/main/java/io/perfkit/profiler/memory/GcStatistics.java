package io.perfkit.profiler.memory;

import io.perfkit.profiler.analysis.FrameNames;
import io.perfkit.profiler.memory.GcReport.HeapPoint;
import io.perfkit.profiler.memory.GcReport.HumongousSite;
import io.perfkit.profiler.memory.GcReport.Pause;
import io.perfkit.profiler.memory.GcReport.PauseStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * What the {@link GcEvents} of a window add up to: pauses joined to their collections and
 * grouped, concurrent time, allocation and promotion rates, heap after GC with its fitted
 * growth, humongous allocations and safepoints. The computation of {@link GcReport}, as its
 * class documentation describes it; no judging and no rendering.
 */
final class GcStatistics {

  /** Collectors of the young generation alone. */
  static final Set<String> YOUNG = Set.of("G1New", "DefNew", "ParallelScavenge", "ParNew", "ZGC Minor");

  final Instant from;
  final Instant to;
  final List<Pause> pauses;
  final PauseStats all;
  final Map<String, PauseStats> byCause;
  final Map<String, PauseStats> byCollector;
  final Map<String, Long> collections;
  final Duration concurrent;
  private final double allocated;
  final String allocationSource;
  private final double allocationSpanSeconds;
  private final double promoted;
  private final double promotionSpanSeconds;
  final List<HeapPoint> heapAfter;
  final long maxHeap;
  final long containerMemoryLimit;
  final double growthPerSecond;
  final double growthR2;
  final boolean oldCollected;
  final long humongousCollections;
  final long humongousRegions;
  final List<HumongousSite> humongousSites;
  final long safepoints;
  final Duration safepointTime;
  final Duration timeToSafepoint;
  final String youngCollector;
  final String oldCollector;

  GcStatistics(GcEvents r) {
    this.from = r.from != null && (r.first == null || r.from.isAfter(r.first)) ? r.from : r.first;
    this.to = r.to != null && (r.last == null || r.to.isBefore(r.last)) ? r.to : r.last;
    this.maxHeap = r.maxHeap;
    this.containerMemoryLimit = r.containerMemoryLimit;
    this.youngCollector = r.youngCollector;
    this.oldCollector = r.oldCollector;
    List<Pause> ps = new ArrayList<>();
    Map<String, List<Duration>> causes = new TreeMap<>();
    Map<String, List<Duration>> collectors = new TreeMap<>();
    List<Duration> durations = new ArrayList<>();
    for (GcEvents.RecordedPause p : r.pauses) {
      GcEvents.Collection c = r.collection(p.gcId());
      ps.add(new Pause(p.start(), p.duration(), p.gcId(), c.name, c.cause, p.phase()));
      durations.add(p.duration());
      causes.computeIfAbsent(c.cause, k -> new ArrayList<>()).add(p.duration());
      collectors.computeIfAbsent(c.name, k -> new ArrayList<>()).add(p.duration());
    }
    ps.sort(Comparator.comparing(Pause::start));
    this.pauses = List.copyOf(ps);
    this.all = PauseStats.of(durations);
    this.byCause = statsOf(causes);
    this.byCollector = statsOf(collectors);

    List<GcEvents.Collection> gcs = new ArrayList<>();
    Map<String, Long> counts = new TreeMap<>();
    Duration conc = Duration.ZERO;
    long humongousGcs = 0;
    boolean old = false;
    for (GcEvents.Collection c : r.byId.values()) {
      if (c.start == null) {
        continue;  // its end fell outside the window
      }
      counts.merge(c.name, 1L, Long::sum);
      Duration outside = c.duration.minus(c.sumOfPauses);
      if (!outside.isNegative()) {
        conc = conc.plus(outside);
      }
      if (c.cause.contains("Humongous")) {
        humongousGcs++;
      }
      old |= !YOUNG.contains(c.name);
      gcs.add(c);
    }
    this.collections = Map.copyOf(counts);
    this.concurrent = conc;
    this.humongousCollections = humongousGcs;
    this.humongousRegions = r.humongousRegions;
    this.oldCollected = old;

    // Heap before and after each collection, in the order the collections happened.
    List<GcEvents.Collection> heap = new ArrayList<>();
    for (GcEvents.Collection c : gcs) {
      // A concurrent collection's heap summaries straddle allocation by the running application,
      // so only stop-the-world collections measure what was allocated between them.
      boolean stopTheWorld = c.duration.minus(c.sumOfPauses).compareTo(Duration.ofMillis(1)) < 0;
      if (stopTheWorld && c.before >= 0 && c.after >= 0 && c.beforeTime != null && c.afterTime != null) {
        heap.add(c);
      }
    }
    heap.sort(Comparator.comparing(c -> c.beforeTime));
    double alloc = 0;
    double promo = 0;
    double promoSpan = 0;
    for (int i = 1; i < heap.size(); i++) {
      GcEvents.Collection prev = heap.get(i - 1);
      GcEvents.Collection cur = heap.get(i);
      alloc += Math.max(0, cur.before - prev.after);
      if (YOUNG.contains(prev.name) && YOUNG.contains(cur.name)) {
        promo += Math.max(0, cur.after - prev.after);
        promoSpan += seconds(prev.afterTime, cur.afterTime);
      }
    }
    double span = heap.size() >= 2 ? seconds(heap.get(0).afterTime, heap.get(heap.size() - 1).beforeTime) : 0;
    if (span > 0) {
      this.allocated = alloc;
      this.allocationSpanSeconds = span;
      this.allocationSource = "heap growth between collections";
    } else {
      this.allocated = r.sampledBytes;
      this.allocationSpanSeconds = windowSeconds();
      this.allocationSource = "allocation sample weights";
    }
    this.promoted = promo;
    this.promotionSpanSeconds = promoSpan;
    List<HeapPoint> points = new ArrayList<>();
    for (GcEvents.Collection c : heap) {
      points.add(new HeapPoint(c.afterTime, c.id, c.name, c.after));
    }
    this.heapAfter = List.copyOf(points);
    double[] fit = fitLowerEnvelope(points, from, to);
    this.growthPerSecond = fit[0];
    this.growthR2 = fit[1];

    this.humongousSites = humongousSites(r.bigSamples, r.regionSize);
    this.safepoints = r.safepoints;
    this.safepointTime = Duration.ofNanos(r.safepointNanos);
    this.timeToSafepoint = Duration.ofNanos(r.syncNanos);
  }

  /** The window's length in seconds. */
  double windowSeconds() {
    return from == null || to == null ? 0 : Math.max(0, seconds(from, to));
  }

  /** Stop-the-world pause time over the window's wall time. */
  double overhead() {
    double wall = windowSeconds();
    return wall > 0 ? GcUnits.seconds(all.total()) / wall : 0;
  }

  /** Bytes allocated per second. */
  double allocationRate() {
    return allocationSpanSeconds > 0 ? allocated / allocationSpanSeconds : 0;
  }

  /** Bytes promoted per second across young collections. */
  double promotionRate() {
    return promotionSpanSeconds > 0 ? promoted / promotionSpanSeconds : 0;
  }

  private static Map<String, PauseStats> statsOf(Map<String, List<Duration>> groups) {
    Map<String, PauseStats> out = new LinkedHashMap<>();
    groups.forEach((k, v) -> out.put(k, PauseStats.of(v)));
    return Collections.unmodifiableMap(out);
  }

  private static double seconds(Instant a, Instant b) {
    return GcUnits.seconds(Duration.between(a, b));
  }

  /** Least squares over the lowest point in each tenth of the window: {slope per second, r²}. */
  private static double[] fitLowerEnvelope(List<HeapPoint> points, Instant from, Instant to) {
    if (points.size() < 3 || from == null || to == null || !to.isAfter(from)) {
      return new double[] {0, 0};
    }
    int buckets = Math.min(10, points.size());
    double width = seconds(from, to) / buckets;
    double[] minX = new double[buckets];
    double[] minY = new double[buckets];
    Arrays.fill(minY, Double.POSITIVE_INFINITY);
    for (HeapPoint p : points) {
      double x = seconds(from, p.time());
      int b = (int) Math.min(buckets - 1, Math.max(0, Math.floor(x / width)));
      if (p.usedBytes() < minY[b]) {
        minY[b] = p.usedBytes();
        minX[b] = x;
      }
    }
    int n = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int b = 0; b < buckets; b++) {
      if (minY[b] == Double.POSITIVE_INFINITY) {
        continue;
      }
      n++;
      sx += minX[b];
      sy += minY[b];
      sxx += minX[b] * minX[b];
      sxy += minX[b] * minY[b];
      syy += minY[b] * minY[b];
    }
    double vx = n * sxx - sx * sx;
    double vy = n * syy - sy * sy;
    if (n < 3 || vx <= 0) {
      return new double[] {0, 0};
    }
    double slope = (n * sxy - sx * sy) / vx;
    double r2 = vy <= 0 ? 0 : Math.pow(n * sxy - sx * sy, 2) / (vx * vy);
    return new double[] {slope, r2};
  }

  private static List<HumongousSite> humongousSites(List<RecordedEvent> samples, long regionSize) {
    if (regionSize <= 0) {
      return List.of();  // not G1, or no heap summary: no regions, so nothing is humongous
    }
    Map<String, long[]> sites = new HashMap<>();
    Map<String, String> classes = new HashMap<>();
    for (RecordedEvent e : samples) {
      long size = e.getLong("allocationSize");
      if (size < regionSize / 2) {
        continue;
      }
      String site = site(e.getStackTrace());
      long[] s = sites.computeIfAbsent(site, k -> new long[2]);
      s[0]++;
      s[1] = Math.max(s[1], size);
      RecordedClass c = e.getClass("objectClass");
      classes.putIfAbsent(site, c == null ? "?" : c.getName());
    }
    List<HumongousSite> out = new ArrayList<>();
    sites.forEach((site, s) -> out.add(new HumongousSite(site, classes.get(site), s[0], s[1])));
    out.sort(Comparator.comparingLong(HumongousSite::samples).reversed().thenComparing(HumongousSite::site));
    return List.copyOf(out);
  }

  private static String site(RecordedStackTrace st) {
    if (st == null) {
      return "(no stack)";
    }
    for (RecordedFrame f : st.getFrames()) {
      if (f.isJavaFrame()) {
        return FrameNames.methodName(f) + ":" + f.getLineNumber();
      }
    }
    return "(no Java frame)";
  }
}
