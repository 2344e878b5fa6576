package io.perfkit.profiler.memory;

import io.perfkit.api.alert.Severity;
import io.perfkit.profiler.analysis.FrameNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What the garbage collector did in a recording, and what of it matters: stop-the-world pauses
 * (count, p50, p99, max, total, by cause and by collector), concurrent cycle time apart from
 * pauses, GC overhead, allocation and promotion rates, heap after GC over time, humongous
 * allocations on G1, safepoint time, and {@link #findings()} in words with their numbers.
 *
 * <p>Read from any recording with Flight Recorder's GC events (every Perfkit capture and the
 * always-on flight recorder have them; so does a recording made with JFR's {@code default}
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
 * </ul>
 *
 * Immutable once read; {@link #toJson()} and {@link #text()} render it.
 */
public final class GcReport {

  /** One stop-the-world pause. */
  public record Pause(Instant start, Duration duration, long gcId, String collector, String cause, String phase) {}

  /** The heap in use after one collection. */
  public record HeapPoint(Instant time, long gcId, String collector, long usedBytes) {}

  /** Statistics of a set of pauses; the percentiles are nearest-rank over the exact durations. */
  public record PauseStats(long count, Duration total, Duration p50, Duration p99, Duration max) {

    static PauseStats of(List<Duration> durations) {
      List<Duration> sorted = new ArrayList<>(durations);
      sorted.sort(Comparator.naturalOrder());
      Duration total = Duration.ZERO;
      for (Duration d : sorted) {
        total = total.plus(d);
      }
      return new PauseStats(sorted.size(), total, rank(sorted, 0.50), rank(sorted, 0.99),
          sorted.isEmpty() ? Duration.ZERO : sorted.get(sorted.size() - 1));
    }

    private static Duration rank(List<Duration> sorted, double q) {
      if (sorted.isEmpty()) {
        return Duration.ZERO;
      }
      int i = (int) Math.ceil(q * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
  }

  /** A site that allocated humongous objects, from allocations outside TLABs. */
  public record HumongousSite(String site, String objectClass, long samples, long largestBytes) {}

  /**
   * Where findings start.
   *
   * @param overhead GC overhead (pause time over wall time) that is a warning; twice it is critical
   * @param longPause a pause this long is a warning
   * @param veryLongPause a pause this long is critical
   * @param heapAfterGc heap after the last collection, as a fraction of the maximum, that is a warning
   * @param heapGrowth growth of heap after GC over the window, as a fraction of the maximum heap,
   *     that is a warning (when the fit explains at least half the variation)
   * @param allocationRate bytes per second worth mentioning
   * @param safepoint time in safepoints over wall time that is a warning
   */
  public record Thresholds(double overhead, Duration longPause, Duration veryLongPause, double heapAfterGc,
      double heapGrowth, double allocationRate, double safepoint) {

    /** 10 % overhead; 200 ms and 1 s pauses; 80 % of max after GC; growth of 5 % of max; 1 GiB/s; 5 % in safepoints. */
    public static final Thresholds DEFAULT =
        new Thresholds(0.10, Duration.ofMillis(200), Duration.ofSeconds(1), 0.80, 0.05, 1L << 30, 0.05);

    public Thresholds {
      fraction("overhead", overhead);
      fraction("heap after GC", heapAfterGc);
      fraction("heap growth", heapGrowth);
      fraction("safepoint", safepoint);
      Objects.requireNonNull(longPause, "longPause");
      Objects.requireNonNull(veryLongPause, "veryLongPause");
      if (!(allocationRate > 0)) {
        throw new IllegalArgumentException("allocation rate threshold " + allocationRate + " must be positive");
      }
    }

    private static void fraction(String what, double v) {
      if (!(v > 0 && v <= 1)) {
        throw new IllegalArgumentException(what + " threshold " + v + " must be in (0, 1]");
      }
    }
  }

  /** Causes of collections something asked for: not the collector failing to keep up. */
  private static final Set<String> REQUESTED = Set.of("System.gc()", "Heap Inspection Initiated GC",
      "Heap Dump Initiated GC", "Diagnostic Command", "JvmtiEnv ForceGarbageCollection");
  private static final Set<String> YOUNG = Set.of("G1New", "DefNew", "ParallelScavenge", "ParNew", "ZGC Minor");
  private static final long HUMONGOUS_CANDIDATE = 512 * 1024;  // half the smallest G1 region
  private static final int MAX_HUMONGOUS_SAMPLES = 10_000;

  private final Instant from;
  private final Instant to;
  private final List<Pause> pauses;
  private final PauseStats all;
  private final Map<String, PauseStats> byCause;
  private final Map<String, PauseStats> byCollector;
  private final Map<String, Long> collections;
  private final Duration concurrent;
  private final double allocated;
  private final String allocationSource;
  private final double allocationSpanSeconds;
  private final double promoted;
  private final double promotionSpanSeconds;
  private final List<HeapPoint> heapAfter;
  private final long maxHeap;
  private final double growthPerSecond;
  private final double growthR2;
  private final boolean oldCollected;
  private final long humongousCollections;
  private final long humongousRegions;
  private final List<HumongousSite> humongousSites;
  private final long safepoints;
  private final Duration safepointTime;
  private final Duration timeToSafepoint;
  private final String youngCollector;
  private final String oldCollector;
  private final List<GcFinding> findings;

  /** Reads the whole recording with the default thresholds. */
  public static GcReport read(Path jfr) throws IOException {
    return read(jfr, null, null, Thresholds.DEFAULT);
  }

  /**
   * Reads the events of a recording between {@code from} and {@code to} (either may be null:
   * the recording's own start or end).
   *
   * @throws IOException when the file cannot be read as a recording
   */
  public static GcReport read(Path jfr, Instant from, Instant to, Thresholds thresholds) throws IOException {
    Objects.requireNonNull(jfr, "jfr");
    Objects.requireNonNull(thresholds, "thresholds");
    if (from != null && to != null && to.isBefore(from)) {
      throw new IllegalArgumentException("GC report window is empty: " + from + " is after " + to);
    }
    Reader r = new Reader(from, to);
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        r.accept(rf.readEvent());
      }
    }
    return new GcReport(r, thresholds);
  }

  /** Collects the events one pass at a time. */
  private static final class Reader {
    final Instant from;
    final Instant to;
    Instant first;
    Instant last;
    final Map<Long, Collection> byId = new HashMap<>();
    final List<RecordedPause> pauses = new ArrayList<>();
    final Map<Long, Instant> safepointBegin = new HashMap<>();
    long safepoints;
    long safepointNanos;
    long syncNanos;
    long maxHeap;
    long regionSize;
    long committed;
    long humongousRegions;
    double sampledBytes;
    final List<RecordedEvent> bigSamples = new ArrayList<>();
    String youngCollector;
    String oldCollector;

    Reader(Instant from, Instant to) {
      this.from = from;
      this.to = to;
    }

    void accept(RecordedEvent e) {
      // Events are kept by their start, and the window is spanned by starts, so most events cost
      // one timestamp read on top of the parse.
      Instant start = e.getStartTime();
      if ((from != null && start.isBefore(from)) || (to != null && start.isAfter(to))) {
        return;
      }
      if (first == null || start.isBefore(first)) {
        first = start;
      }
      if (last == null || start.isAfter(last)) {
        last = start;
      }
      switch (e.getEventType().getName()) {
        case "jdk.GarbageCollection": {
          Collection c = collection(e.getLong("gcId"));
          c.name = e.getString("name");
          c.cause = e.getString("cause");
          c.start = start;
          c.duration = e.getDuration();
          c.sumOfPauses = e.getDuration("sumOfPauses");
          break;
        }
        case "jdk.GCPhasePause":
          pauses.add(new RecordedPause(e.getLong("gcId"), start, e.getDuration(), e.getString("name")));
          break;
        case "jdk.GCHeapSummary": {
          Collection c = collection(e.getLong("gcId"));
          long used = e.getLong("heapUsed");
          RecordedObject space = e.getValue("heapSpace");
          if (space != null) {
            committed = space.getLong("committedSize");
            maxHeap = Math.max(maxHeap, space.getLong("reservedSize"));
          }
          if ("Before GC".equals(e.getString("when"))) {
            c.before = used;
            c.beforeTime = start;
          } else {
            c.after = used;
            c.afterTime = start;
          }
          break;
        }
        case "jdk.G1HeapSummary": {
          int regions = e.getInt("numberOfRegions");
          if (regions > 0 && committed > 0) {
            regionSize = Long.highestOneBit(committed / regions);
          }
          break;
        }
        case "jdk.GCHeapConfiguration":
          maxHeap = Math.max(maxHeap, e.getLong("maxSize"));
          break;
        case "jdk.GCConfiguration":
          youngCollector = e.getString("youngCollector");
          oldCollector = e.getString("oldCollector");
          break;
        case "jdk.SafepointBegin":
          safepointBegin.put(e.getLong("safepointId"), start);
          syncNanos += e.getDuration().toNanos();
          safepoints++;
          break;
        case "jdk.SafepointEnd": {
          Instant began = safepointBegin.remove(e.getLong("safepointId"));
          if (began != null) {
            safepointNanos += Duration.between(began, e.getEndTime()).toNanos();
          }
          break;
        }
        case "jdk.G1HeapRegionTypeChange":
          if ("Starts Humongous".equals(e.getString("to"))) {
            humongousRegions++;
          }
          break;
        case "jdk.ObjectAllocationSample":
          sampledBytes += e.getLong("weight");
          break;
        case "jdk.ObjectAllocationOutsideTLAB":
          if (e.getLong("allocationSize") >= HUMONGOUS_CANDIDATE && bigSamples.size() < MAX_HUMONGOUS_SAMPLES) {
            bigSamples.add(e);
          }
          break;
        default:
          break;
      }
    }

    Collection collection(long id) {
      return byId.computeIfAbsent(id, Collection::new);
    }
  }

  private record RecordedPause(long gcId, Instant start, Duration duration, String phase) {}

  /** What the events say about one collection. */
  private static final class Collection {
    final long id;
    String name = "unknown";
    String cause = "unknown";
    Instant start;
    Duration duration = Duration.ZERO;
    Duration sumOfPauses = Duration.ZERO;
    long before = -1;
    Instant beforeTime;
    long after = -1;
    Instant afterTime;

    Collection(long id) {
      this.id = id;
    }
  }

  private GcReport(Reader r, Thresholds t) {
    this.from = r.from != null && (r.first == null || r.from.isAfter(r.first)) ? r.from : r.first;
    this.to = r.to != null && (r.last == null || r.to.isBefore(r.last)) ? r.to : r.last;
    this.maxHeap = r.maxHeap;
    this.youngCollector = r.youngCollector;
    this.oldCollector = r.oldCollector;
    List<Pause> ps = new ArrayList<>();
    Map<String, List<Duration>> causes = new TreeMap<>();
    Map<String, List<Duration>> collectors = new TreeMap<>();
    List<Duration> durations = new ArrayList<>();
    for (RecordedPause p : r.pauses) {
      Collection c = r.collection(p.gcId());
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

    List<Collection> gcs = new ArrayList<>();
    Map<String, Long> counts = new TreeMap<>();
    Duration conc = Duration.ZERO;
    long humongousGcs = 0;
    boolean old = false;
    for (Collection c : r.byId.values()) {
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
    List<Collection> heap = new ArrayList<>();
    for (Collection c : gcs) {
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
      Collection prev = heap.get(i - 1);
      Collection cur = heap.get(i);
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
    for (Collection c : heap) {
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
    this.findings = List.copyOf(findings(t));
  }

  private static Map<String, PauseStats> statsOf(Map<String, List<Duration>> groups) {
    Map<String, PauseStats> out = new LinkedHashMap<>();
    groups.forEach((k, v) -> out.put(k, PauseStats.of(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  private static double seconds(Instant a, Instant b) {
    return Duration.between(a, b).toNanos() / 1e9;
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
    java.util.Arrays.fill(minY, Double.POSITIVE_INFINITY);
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

  // ---- findings ----

  private List<GcFinding> findings(Thresholds t) {
    List<GcFinding> out = new ArrayList<>();
    double wall = windowSeconds();
    double overhead = overhead();
    if (wall > 0 && overhead >= t.overhead()) {
      out.add(new GcFinding(overhead >= 2 * t.overhead() ? Severity.CRITICAL : Severity.WARNING, "gc-overhead",
          String.format(Locale.ROOT, "GC overhead %.1f %%: %s of stop-the-world pauses in %s, above %.0f %%",
              100 * overhead, human(all.total()), human(wall), 100 * t.overhead()),
          Map.of("overhead", overhead, "pauseSeconds", secondsOf(all.total()), "wallSeconds", wall,
              "threshold", t.overhead())));
    }
    Pause longest = pauses.stream().max(Comparator.comparing(Pause::duration)).orElse(null);
    if (longest != null && longest.duration().compareTo(t.longPause()) >= 0) {
      boolean critical = longest.duration().compareTo(t.veryLongPause()) >= 0;
      out.add(new GcFinding(critical ? Severity.CRITICAL : Severity.WARNING, "long-pause",
          String.format(Locale.ROOT, "a %s pause, cause %s, collector %s (%s); %d pause(s) of %s or more",
              human(longest.duration()), longest.cause(), longest.collector(), longest.phase(),
              pauses.stream().filter(p -> p.duration().compareTo(t.longPause()) >= 0).count(), human(t.longPause())),
          Map.of("pauseSeconds", secondsOf(longest.duration()), "cause", longest.cause(),
              "collector", longest.collector(), "at", longest.start().toString(),
              "thresholdSeconds", secondsOf(t.longPause()))));
    }
    if (maxHeap > 0 && heapAfter.size() >= 3 && growthR2 >= 0.5) {
      double grown = growthPerSecond * wall;
      if (grown >= t.heapGrowth() * maxHeap) {
        String note = oldCollected ? "" : " (no old collection in the window: part of it may be garbage not yet collected)";
        out.add(new GcFinding(Severity.WARNING, "heap-growth",
            String.format(Locale.ROOT, "heap after GC grew %s/min over %s (%s in all, %.0f %% of max; fit r² %.2f)%s",
                bytes(growthPerSecond * 60), human(wall), bytes(grown), 100 * grown / maxHeap, growthR2, note),
            Map.of("bytesPerSecond", growthPerSecond, "grownBytes", grown, "maxHeapBytes", maxHeap,
                "r2", growthR2, "oldCollected", oldCollected)));
      }
    }
    if (maxHeap > 0 && !heapAfter.isEmpty()) {
      HeapPoint lastPoint = heapAfter.get(heapAfter.size() - 1);
      double fraction = (double) lastPoint.usedBytes() / maxHeap;
      if (fraction >= t.heapAfterGc()) {
        out.add(new GcFinding(Severity.WARNING, "heap-after-gc",
            String.format(Locale.ROOT, "heap after the last GC is %.0f %% of max (%s of %s), above %.0f %%",
                100 * fraction, bytes(lastPoint.usedBytes()), bytes(maxHeap), 100 * t.heapAfterGc()),
            Map.of("fraction", fraction, "usedBytes", lastPoint.usedBytes(), "maxHeapBytes", maxHeap,
                "threshold", t.heapAfterGc())));
      }
    }
    long fullOnG1 = pauses.stream().filter(p -> p.collector().equals("G1Full") && !REQUESTED.contains(p.cause()))
        .map(Pause::gcId).distinct().count();
    if (fullOnG1 > 0) {
      out.add(new GcFinding(Severity.WARNING, "g1-full-gc",
          fullOnG1 + " full collection(s) on G1 that nothing asked for: concurrent marking did not keep up with "
              + "allocation, or to-space was exhausted",
          Map.of("count", fullOnG1)));
    }
    PauseStats explicit = byCause.get("System.gc()");
    if (explicit != null) {
      out.add(new GcFinding(Severity.INFO, "explicit-gc",
          explicit.count() + " pause(s) caused by System.gc(), " + human(explicit.total()) + " in all",
          Map.of("count", explicit.count(), "pauseSeconds", secondsOf(explicit.total()))));
    }
    if (humongousCollections > 0 || !humongousSites.isEmpty() || humongousRegions > 0) {
      String top = humongousSites.isEmpty() ? "" : "; top site " + humongousSites.get(0).site() + " ("
          + humongousSites.get(0).objectClass() + ", up to " + bytes(humongousSites.get(0).largestBytes()) + ")";
      out.add(new GcFinding(humongousCollections > 0 ? Severity.WARNING : Severity.INFO, "humongous",
          humongousCollections + " collection(s) caused by humongous allocations"
              + (humongousRegions > 0 ? ", " + humongousRegions + " humongous object(s) placed in regions" : "")
              + ", " + humongousSites.size() + " site(s) allocating humongous objects seen" + top,
          Map.of("collections", humongousCollections, "sites", humongousSites.size(), "regions", humongousRegions)));
    }
    long inspections = pauses.stream().filter(p -> REQUESTED.contains(p.cause()) && !p.cause().equals("System.gc()"))
        .map(Pause::gcId).distinct().count();
    if (inspections > 0) {
      out.add(new GcFinding(Severity.INFO, "requested-gc",
          inspections + " collection(s) asked for by tools (class histograms, heap dumps, diagnostic commands)",
          Map.of("count", inspections)));
    }
    double rate = allocationRate();
    if (rate >= t.allocationRate()) {
      out.add(new GcFinding(Severity.INFO, "allocation-rate",
          String.format(Locale.ROOT, "allocation rate %s/s (from %s), above %s/s", bytes(rate), allocationSource,
              bytes(t.allocationRate())),
          Map.of("bytesPerSecond", rate, "threshold", t.allocationRate())));
    }
    double sp = wall > 0 ? secondsOf(safepointTime) / wall : 0;
    if (sp >= t.safepoint()) {
      out.add(new GcFinding(Severity.WARNING, "safepoints",
          String.format(Locale.ROOT, "%.1f %% of the time in safepoints (%d, %s in all, %s reaching them), above %.0f %%",
              100 * sp, safepoints, human(safepointTime), human(timeToSafepoint), 100 * t.safepoint()),
          Map.of("fraction", sp, "count", safepoints, "seconds", secondsOf(safepointTime), "threshold", t.safepoint())));
    }
    out.sort(Comparator.comparing(GcFinding::severity).reversed());
    return out;
  }

  // ---- accessors ----

  /** The start of the window the report covers (null for an empty recording). */
  public Instant from() {
    return from;
  }

  /** The end of the window the report covers (null for an empty recording). */
  public Instant to() {
    return to;
  }

  /** The window's length in seconds. */
  public double windowSeconds() {
    return from == null || to == null ? 0 : Math.max(0, seconds(from, to));
  }

  /** Every stop-the-world pause, in time order. */
  public List<Pause> pauses() {
    return pauses;
  }

  /** All pauses together. */
  public PauseStats pauseStats() {
    return all;
  }

  /** Pauses by the cause of their collection ({@code G1 Evacuation Pause}, {@code System.gc()}, …). */
  public Map<String, PauseStats> pausesByCause() {
    return byCause;
  }

  /** Pauses by collector, as JFR names it ({@code G1New}, {@code G1Old}, {@code G1Full}, {@code DefNew}, …). */
  public Map<String, PauseStats> pausesByCollector() {
    return byCollector;
  }

  /** Collections by collector. */
  public Map<String, Long> collections() {
    return collections;
  }

  /** Time collections ran outside their pauses: concurrent cycles. */
  public Duration concurrentTime() {
    return concurrent;
  }

  /** Stop-the-world pause time over the window's wall time. */
  public double overhead() {
    double wall = windowSeconds();
    return wall > 0 ? secondsOf(all.total()) / wall : 0;
  }

  /** Bytes allocated per second (see the class documentation for how). */
  public double allocationRate() {
    return allocationSpanSeconds > 0 ? allocated / allocationSpanSeconds : 0;
  }

  /** How {@link #allocationRate()} was measured. */
  public String allocationSource() {
    return allocationSource;
  }

  /** Bytes promoted per second across young collections; 0 with fewer than two in a row. */
  public double promotionRate() {
    return promotionSpanSeconds > 0 ? promoted / promotionSpanSeconds : 0;
  }

  /** The heap in use after each collection, in time order. */
  public List<HeapPoint> heapAfterGc() {
    return heapAfter;
  }

  /** The fitted growth of the heap after GC, bytes per second (see the class documentation). */
  public double heapGrowthRate() {
    return growthPerSecond;
  }

  /** The maximum heap, bytes; 0 when the recording does not say. */
  public long maxHeap() {
    return maxHeap;
  }

  /** Collections caused by humongous allocations (G1). */
  public long humongousCollections() {
    return humongousCollections;
  }

  /** Sites of sampled humongous allocations, most samples first. */
  public List<HumongousSite> humongousSites() {
    return humongousSites;
  }

  /** Safepoints begun in the window. */
  public long safepoints() {
    return safepoints;
  }

  /** Time from each safepoint's begin to its end. */
  public Duration safepointTime() {
    return safepointTime;
  }

  /** What was found, most severe first. */
  public List<GcFinding> findings() {
    return findings;
  }

  // ---- rendering ----

  /** The report as JSON-ready maps and lists, in base units (seconds, bytes, fractions). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", from == null ? null : from.toString());
    m.put("to", to == null ? null : to.toString());
    m.put("wallSeconds", windowSeconds());
    m.put("collectors", youngCollector == null ? Map.of() : Map.of("young", youngCollector, "old", oldCollector));
    m.put("pauses", statsJson(all));
    Map<String, Object> causes = new LinkedHashMap<>();
    byCause.forEach((k, v) -> causes.put(k, statsJson(v)));
    m.put("pausesByCause", causes);
    Map<String, Object> collectors = new LinkedHashMap<>();
    byCollector.forEach((k, v) -> collectors.put(k, statsJson(v)));
    m.put("pausesByCollector", collectors);
    m.put("collections", new TreeMap<>(collections));
    m.put("concurrentSeconds", secondsOf(concurrent));
    m.put("overhead", overhead());
    m.put("allocationBytesPerSecond", allocationRate());
    m.put("allocationSource", allocationSource);
    m.put("promotionBytesPerSecond", promotionRate());
    m.put("maxHeapBytes", maxHeap);
    m.put("heapGrowthBytesPerSecond", growthPerSecond);
    List<Object> points = new ArrayList<>();
    for (HeapPoint p : heapAfter) {
      points.add(Map.of("time", p.time().toString(), "gcId", p.gcId(), "collector", p.collector(), "usedBytes", p.usedBytes()));
    }
    m.put("heapAfterGc", points);
    m.put("humongousCollections", humongousCollections);
    List<Object> sites = new ArrayList<>();
    for (HumongousSite s : humongousSites) {
      sites.add(Map.of("site", s.site(), "class", s.objectClass(), "samples", s.samples(), "largestBytes", s.largestBytes()));
    }
    m.put("humongousSites", sites);
    m.put("safepoints", Map.of("count", safepoints, "seconds", secondsOf(safepointTime),
        "timeToSafepointSeconds", secondsOf(timeToSafepoint)));
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

  private static Map<String, Object> statsJson(PauseStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", s.count());
    m.put("totalSeconds", secondsOf(s.total()));
    m.put("p50Seconds", secondsOf(s.p50()));
    m.put("p99Seconds", secondsOf(s.p99()));
    m.put("maxSeconds", secondsOf(s.max()));
    return m;
  }

  /** The report for people. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "GC report: %s of wall time%s%n", human(windowSeconds()),
        youngCollector == null ? "" : ", collectors " + youngCollector + " / " + oldCollector));
    sb.append(String.format(Locale.ROOT, "  pauses      %d, total %s, p50 %s, p99 %s, max %s (overhead %.2f %%)%n",
        all.count(), human(all.total()), human(all.p50()), human(all.p99()), human(all.max()), 100 * overhead()));
    byCause.forEach((cause, s) -> sb.append(String.format(Locale.ROOT, "    cause %-28s %5d, total %s, max %s%n",
        cause, s.count(), human(s.total()), human(s.max()))));
    byCollector.forEach((gc, s) -> sb.append(String.format(Locale.ROOT, "    collector %-24s %5d, total %s, max %s%n",
        gc, s.count(), human(s.total()), human(s.max()))));
    sb.append("  concurrent  ").append(human(concurrent)).append(" outside pauses\n");
    sb.append(String.format(Locale.ROOT, "  allocation  %s/s (%s); promotion %s/s%n", bytes(allocationRate()),
        allocationSource, bytes(promotionRate())));
    if (!heapAfter.isEmpty()) {
      sb.append(String.format(Locale.ROOT, "  heap after GC  %s → %s of %s, fitted growth %s/min%n",
          bytes(heapAfter.get(0).usedBytes()), bytes(heapAfter.get(heapAfter.size() - 1).usedBytes()), bytes(maxHeap),
          bytes(growthPerSecond * 60)));
    }
    sb.append(String.format(Locale.ROOT, "  safepoints  %d, %s in all, %s reaching them%n", safepoints,
        human(safepointTime), human(timeToSafepoint)));
    sb.append(findings.isEmpty() ? "findings: none\n" : "findings:\n");
    for (GcFinding f : findings) {
      sb.append("  ").append(f).append('\n');
    }
    return sb.toString();
  }

  private static double secondsOf(Duration d) {
    return d.toNanos() / 1e9;
  }

  static String human(Duration d) {
    return human(secondsOf(d));
  }

  static String human(double seconds) {
    if (seconds >= 60) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
    if (seconds >= 1) {
      return String.format(Locale.ROOT, "%.2f s", seconds);
    }
    if (seconds >= 1e-3) {
      return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
    }
    return String.format(Locale.ROOT, "%.0f µs", seconds * 1e6);
  }

  static String bytes(double b) {
    double a = Math.abs(b);
    if (a >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GB", b / (1L << 30));
    }
    if (a >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1f MB", b / (1L << 20));
    }
    if (a >= 1L << 10) {
      return String.format(Locale.ROOT, "%.1f KB", b / (1L << 10));
    }
    return String.format(Locale.ROOT, "%.0f B", b);
  }
}
