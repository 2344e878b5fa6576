package io.perfkit.profiler.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ObjLongConsumer;

/**
 * A CPU profile's samples gathered per thread, then weighed by each thread's CPU time (see
 * {@link CpuCoverage} for the rule). Stacks are top frame first, as arrays of method names that
 * the caller interns, so equal stacks share their key. Not thread-safe: one recording's reader.
 */
final class CpuAttribution {

  /** A thread needs this many periods of CPU before it can count as under-sampled. */
  private static final int MIN_PERIODS = 10;

  /**
   * The shortest window checked against CPU readings. Readings are a second apart and count in
   * a window pro rata, as if the thread used its CPU evenly between two readings; a request
   * thread busy for half a second and idle for the other half would be misjudged by half, so a
   * shorter window (a single request's snapshot) keeps its samples as they are and reports no
   * coverage.
   */
  static final long MIN_WINDOW_NANOS = 5_000_000_000L;

  private final String engine;
  private final boolean reweigh;
  private final Map<Long, PerThread> threads = new HashMap<>();
  private final Map<List<String>, Integer> stackIds = new HashMap<>();
  private final List<String[]> stacks = new ArrayList<>();
  private long periodNanos = Long.MAX_VALUE;
  private long firstEventNanos = Long.MAX_VALUE;
  private long samples;
  private long biased;
  private long lost;
  private boolean anyReading;
  private final Map<Long, Long> knownCpu = new HashMap<>();  // thread id -> CPU ns measured by its timer
  private long windowFrom = Long.MIN_VALUE;
  private long windowTo = Long.MAX_VALUE;

  /**
   * @param engine the sample event
   * @param reweigh true to correct each thread's samples to its CPU time (execution samples,
   *     blind to native code and stubs); false to keep the samples as they are and only measure
   *     their coverage (JDK 25's CPU-time samples, taken by CPU time already)
   */
  CpuAttribution(String engine, boolean reweigh) {
    this.engine = engine;
    this.reweigh = reweigh;
  }

  private static final class PerThread {
    final long id;
    String name = "";
    int sampleCount;
    long[] sampleTimes = new long[16];  // epoch ns of each sample, in the order read
    int[] sampleStacks = new int[16];  // index into the attribution's stacks
    long nativeCount;
    final Map<List<String>, long[]> nativeStacks = new HashMap<>();
    final Map<List<String>, long[]> readingStacks = new HashMap<>();
    final List<long[]> readings = new ArrayList<>();  // {end epoch ns, interval ns, cpu ns}

    PerThread(long id) {
      this.id = id;
    }

    /** Its name, or its id when no event named it (a request's thread known only by its id). */
    String label() {
      return name.isEmpty() ? "id " + id : name;
    }

    void addSample(long time, int stack) {
      if (sampleCount == sampleTimes.length) {
        sampleTimes = Arrays.copyOf(sampleTimes, sampleCount * 2);
        sampleStacks = Arrays.copyOf(sampleStacks, sampleCount * 2);
      }
      sampleTimes[sampleCount] = time;
      sampleStacks[sampleCount] = stack;
      sampleCount++;
    }
  }

  private PerThread thread(long id, String name) {
    PerThread t = threads.computeIfAbsent(id, PerThread::new);
    if (name != null && !name.isEmpty()) {
      t.name = name;
    }
    return t;
  }

  private static void count(Map<List<String>, long[]> stacks, String[] topFirst, long weight) {
    stacks.computeIfAbsent(Arrays.asList(topFirst), k -> new long[1])[0] += weight;
  }

  /** One sample of the engine. */
  void sample(long threadId, String threadName, String[] topFirst, Instant time, boolean isBiased) {
    PerThread t = thread(threadId, threadName);
    long at = epochNanos(time);
    t.addSample(at, stackIds.computeIfAbsent(Arrays.asList(topFirst), k -> {
      stacks.add(topFirst);
      return stacks.size() - 1;
    }));
    samples++;
    if (isBiased) {
      biased++;
    }
    firstEventNanos = Math.min(firstEventNanos, at);
  }

  /** One sample of a thread in native code ({@code jdk.NativeMethodSample}). */
  void nativeSample(long threadId, String threadName, String[] topFirst) {
    PerThread t = thread(threadId, threadName);
    t.nativeCount++;
    count(t.nativeStacks, topFirst, 1);
  }

  /** One CPU reading: {@code cpu} used in the {@code interval} that ended at {@code end}; its stack, if taken. */
  void reading(long threadId, String threadName, Instant end, Duration interval, Duration cpu, Optional<String[]> topFirst) {
    PerThread t = thread(threadId, threadName);
    long endNanos = epochNanos(end);
    t.readings.add(new long[] {endNanos, interval.toNanos(), cpu.toNanos()});
    // a stack stands for the thread's work only in a reading that overlaps the window
    if (endNanos > windowFrom && endNanos - interval.toNanos() < windowTo) {
      topFirst.ifPresent(s -> count(t.readingStacks, s, cpu.toNanos()));
    }
    anyReading = true;
  }

  /**
   * An event of the recording started at {@code time}: CPU readings count from the first event
   * on, so a reading that began before the recording did counts for its part inside it.
   */
  void seen(Instant time) {
    firstEventNanos = Math.min(firstEventNanos, epochNanos(time));
  }

  /** Only CPU inside {@code [from, to]} counts: the selection is a window of the recording. */
  void window(Instant from, Instant to) {
    windowFrom = epochNanos(from);
    windowTo = epochNanos(to);
  }

  /**
   * The CPU {@code threadId} used in the window, measured exactly by whoever timed it (a
   * request's own thread CPU time): it takes the place of the readings for that thread, however
   * short the window.
   */
  void knownCpu(long threadId, Duration cpu) {
    knownCpu.put(threadId, cpu.toNanos());
    thread(threadId, null);
  }

  /** The engine's period as one recording set it; the shortest is the one in force. */
  /** The sampling period the recording set, in nanoseconds; 0 when it set none. */
  long periodNanos() {
    return periodNanos == Long.MAX_VALUE ? 0 : periodNanos;
  }

  void period(Duration period) {
    if (period.toNanos() > 0) {
      periodNanos = Math.min(periodNanos, period.toNanos());
    }
  }

  void lost(long n) {
    lost += n;
  }

  /** The engine's samples counted. */
  long samples() {
    return samples;
  }

  /**
   * Sends every stack with its weight, in samples at the engine's period, to {@code sink}, and
   * returns the coverage; without CPU readings or a known period, every sample weighs one and
   * there is no coverage to report, nor when the threads used less than ten periods of CPU.
   * Readings come once a second whenever the JVM's periodic task runs, not when the recording
   * starts: a thread's samples before its first reading began or after its last one ended have no
   * CPU figure to be judged by, and weigh one each.
   */
  Optional<CpuCoverage> replay(ObjLongConsumer<String[]> sink) {
    boolean periodKnown = periodNanos != Long.MAX_VALUE;
    boolean readingsCount = anyReading && (windowFrom == Long.MIN_VALUE || windowTo - windowFrom >= MIN_WINDOW_NANOS);
    boolean measurable = periodKnown && (readingsCount || !knownCpu.isEmpty());
    long cpuTotal = 0;
    long sampledTotal = 0;
    long estimatedTotal = 0;
    List<CpuCoverage.ThreadCoverage> under = new ArrayList<>();
    for (Map.Entry<Long, PerThread> entry : threads.entrySet()) {
      PerThread t = entry.getValue();
      Long known = knownCpu.get(entry.getKey());
      boolean byReadings = known == null && readingsCount && !t.readings.isEmpty();
      long cpu = !periodKnown ? -1 : known != null ? known : byReadings ? cpuInWindow(t) : -1;
      // the samples a CPU figure speaks for: with readings, those inside the span they cover; the
      // rest (before a thread's first reading began, after its last one ended) weigh one each
      long lo = cpu >= 0 && byReadings ? coveredFrom(t) : Long.MIN_VALUE;
      long hi = cpu >= 0 && byReadings ? coveredTo(t) : Long.MAX_VALUE;
      Map<Integer, long[]> judged = new HashMap<>();
      Map<Integer, long[]> asTheyAre = new HashMap<>();
      long judgedCount = 0;
      for (int i = 0; i < t.sampleCount; i++) {
        boolean inside = cpu >= 0 && t.sampleTimes[i] >= lo && t.sampleTimes[i] <= hi;
        (inside ? judged : asTheyAre).computeIfAbsent(t.sampleStacks[i], k -> new long[1])[0]++;
        judgedCount += inside ? 1 : 0;
      }
      asTheyAre.forEach((stack, n) -> sink.accept(stacks.get(stack), n[0]));
      if (cpu < 0) {
        continue;
      }
      double expected = (double) cpu / periodNanos;
      double sampledPart = Math.min(judgedCount, expected);
      cpuTotal += cpu;
      long sampledNanos = Math.round(sampledPart * periodNanos);
      sampledTotal += sampledNanos;
      if (expected >= MIN_PERIODS && judgedCount < CpuCoverage.WARN_BELOW * expected) {
        under.add(new CpuCoverage.ThreadCoverage(t.name, Duration.ofNanos(cpu), judgedCount, Math.round(expected)));
      }
      if (!reweigh) {
        judged.forEach((stack, n) -> sink.accept(stacks.get(stack), n[0]));
        continue;
      }
      estimatedTotal += Math.max(0, cpu - sampledNanos);
      emit(t, judged, judgedCount, expected, sampledPart, sink);
    }
    if (!measurable || cpuTotal < MIN_PERIODS * periodNanos) {
      return Optional.empty();  // too little CPU to judge the samples by
    }
    under.sort(Comparator.comparing(CpuCoverage.ThreadCoverage::cpuTime).reversed());
    return Optional.of(new CpuCoverage(engine, Duration.ofNanos(periodNanos), Duration.ofNanos(cpuTotal),
        Duration.ofNanos(sampledTotal), Duration.ofNanos(estimatedTotal), lost, biased, samples, under));
  }

  /** Where the thread's readings begin: the start of its earliest, or the window's, whichever is later. */
  private long coveredFrom(PerThread t) {
    long from = windowFrom != Long.MIN_VALUE ? windowFrom : firstEventNanos;
    long earliest = Long.MAX_VALUE;
    for (long[] r : t.readings) {
      earliest = Math.min(earliest, r[0] - r[1]);
    }
    return Math.max(from, earliest);
  }

  /** Where the thread's readings end: the end of its latest, or the window's, whichever is earlier. */
  private long coveredTo(PerThread t) {
    long latest = Long.MIN_VALUE;
    for (long[] r : t.readings) {
      latest = Math.max(latest, r[0]);
    }
    return Math.min(windowTo, latest);
  }

  /**
   * The thread's CPU in the window: the selection's window when it has one, else from the
   * recording's first event on. A reading whose interval crosses an edge counts for the part inside, as if the
   * thread used CPU evenly in between.
   */
  private long cpuInWindow(PerThread t) {
    long from = windowFrom != Long.MIN_VALUE ? windowFrom : firstEventNanos;
    if (from == Long.MAX_VALUE) {
      return 0;
    }
    double cpu = 0;
    for (long[] r : t.readings) {
      long start = r[0] - r[1];
      long inside = Math.min(r[0], windowTo) - Math.max(start, from);
      if (inside > 0) {
        cpu += r[2] * Math.min(1.0, (double) inside / r[1]);
      }
    }
    return Math.round(cpu);
  }

  /**
   * The thread's stacks weighed to {@code expected} samples in all: its own samples carry
   * {@code sampledPart}; the rest goes to its native samples, else to the stacks taken at its
   * readings, else to one frame naming the thread. Rounded by largest remainder, so the weights
   * add up to the expected count exactly.
   */
  private void emit(PerThread t, Map<Integer, long[]> judged, long judgedCount, double expected, double sampledPart,
      ObjLongConsumer<String[]> sink) {
    Map<List<String>, Double> weights = new HashMap<>();
    if (judgedCount > 0) {
      double each = sampledPart / judgedCount;
      judged.forEach((stack, n) -> weights.merge(Arrays.asList(stacks.get(stack)), n[0] * each, Double::sum));
    }
    double missing = expected - sampledPart;
    if (missing > 0) {
      if (t.nativeCount > 0) {
        double each = missing / t.nativeCount;
        t.nativeStacks.forEach((stack, n) -> weights.merge(stack, n[0] * each, Double::sum));
      } else if (!t.readingStacks.isEmpty()) {
        double cpu = t.readingStacks.values().stream().mapToDouble(v -> v[0]).sum();
        t.readingStacks.forEach((stack, ns) -> weights.merge(stack, missing * ns[0] / cpu, Double::sum));
      } else {
        weights.merge(List.of("(CPU not sampled: thread " + t.label() + ")"), missing, Double::sum);
      }
    }
    long target = Math.round(expected);
    List<Map.Entry<List<String>, Double>> entries = new ArrayList<>(weights.entrySet());
    long assigned = 0;
    long[] whole = new long[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      whole[i] = (long) Math.floor(entries.get(i).getValue());
      assigned += whole[i];
    }
    Integer[] order = new Integer[entries.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -(entries.get(i).getValue() - whole[i])));
    for (int k = 0; k < order.length && assigned < target; k++) {
      whole[order[k]]++;
      assigned++;
    }
    for (int i = 0; i < entries.size(); i++) {
      if (whole[i] > 0) {
        sink.accept(toArray(entries.get(i).getKey()), whole[i]);
      }
    }
  }

  private static String[] toArray(List<String> stack) {
    return stack.toArray(new String[0]);
  }

  private static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
