package io.perfkit.monitor;

import io.perfkit.api.TimeSource;
import io.perfkit.monitor.internal.DecayingMax;
import io.perfkit.monitor.internal.Distribution;
import io.perfkit.monitor.internal.PerThreadRecorder;
import io.perfkit.monitor.internal.SparseCounts;
import org.HdrHistogram.Histogram;

/**
 * What timers and distributions share: per-thread recording, and on each tick the interval
 * distribution and the sliding window. The window is a ring of slots, each holding the values of
 * {@code ticksPerSlot} ticks; it covers exactly the last {@code slots} completed slots, so a slot
 * leaving the window takes exactly its own values with it and no value is lost or counted twice
 * at rotation. The window therefore advances once per slot.
 *
 * <p>Besides the tick, a reader may ask for the values {@linkplain #current() up to now}: that
 * drains the recorders into a pending table, which the next tick takes as part of its interval,
 * so no value is counted twice. Both are serialized on this object; recording never waits for
 * either. Totals, bucket counts and the recent maximum are kept here, on the reader side.
 */
final class HistogramCore {

  /** Distinct buckets one thread's buffer may hold in one tick. */
  static final int MAX_BUCKETS_PER_THREAD = 1 << 14;

  final HistogramSettings settings;
  final Histogram precision;
  final PerThreadRecorder recorder;

  private Distribution slotSoFar = Distribution.EMPTY;
  private final Distribution[] slots;
  private final int ticksPerSlot;
  private int ticksInSlot;
  private int slotsFilled;
  private int nextSlot;
  private volatile DistributionStats lastTick = DistributionStats.EMPTY;
  private volatile DistributionStats window = DistributionStats.EMPTY;
  private volatile Distribution lastTickDistribution = Distribution.EMPTY;
  private volatile Distribution windowDistribution = Distribution.EMPTY;

  private volatile double[] windowQuantiles;
  private final TimeSource time;
  private final long[] bounds;
  private final long[] boundCounts;    // values since start per bucket bound (not cumulative), up to the last tick
  private final DecayingMax recentMax;
  private final double baseUnits;      // base units per recording unit: 1e-9 for a timer, else 1
  private final NativeHistogram.Accumulator exponential = new NativeHistogram.Accumulator();
  // drained by current() since the last tick; made on the first current(), so a meter nobody
  // reads that way holds nothing for it
  private SparseCounts pending;
  private SparseCounts fresh;
  private long totalCount;
  private double totalSum;

  HistogramCore(HistogramSettings settings, int slots, int ticksPerSlot, TimeSource time, MetricKind kind) {
    this.settings = settings;
    this.baseUnits = DistributionSample.unitScale(kind);
    this.precision = settings.template();
    this.recorder = new PerThreadRecorder(precision, MAX_BUCKETS_PER_THREAD);
    this.slots = new Distribution[slots];
    this.ticksPerSlot = ticksPerSlot;
    this.time = time;
    this.bounds = settings.buckets().stream().mapToLong(Long::longValue).toArray();
    this.boundCounts = new long[bounds.length];
    this.recentMax = new DecayingMax(settings.maxExpiry().toNanos(), settings.maxBuffers());
    this.windowQuantiles = quantiles(Distribution.EMPTY);
  }

  /** The settings' quantiles of {@code d}, NaN when it is empty. */
  private double[] quantiles(Distribution d) {
    double[] out = new double[settings.quantiles().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = d.count() == 0 ? Double.NaN : d.valueAtPercentile(settings.quantiles().get(i) * 100, precision);
    }
    return out;
  }

  /** The settings' quantiles over the window, in the recording unit; NaN while it is empty. */
  double[] windowQuantiles() {
    return windowQuantiles;
  }

  /**
   * Called by the monitor's tick, one at a time. {@code scratch} is empty on entry. Each slot is
   * the merge of its ticks' distributions (both sorted, so a linear merge).
   */
  synchronized void tick(SparseCounts scratch, double tickSeconds, double slotSeconds) {
    recorder.drainInto(scratch);
    if (scratch.count() > 0) {
      recentMax.record(scratch.max(), time.nanoTime());
    }
    if (pending != null) {
      scratch.addAll(pending);
      pending.clear();
    }
    if (settings.expectedInterval() > 0 && scratch.count() > 0) {
      correct(scratch);
    }
    Distribution interval = scratch.freeze();
    lastTickDistribution = interval;
    lastTick = DistributionStats.of(interval, tickSeconds, precision);
    totalCount += interval.count();
    totalSum += interval.sum();
    addToBounds(interval, boundCounts);
    interval.forEach((bucket, n) -> exponential.add(precision.medianEquivalentValue(bucket) * baseUnits, n));
    slotSoFar = Distribution.merge(slotSoFar, interval);
    if (++ticksInSlot >= ticksPerSlot) {
      slots[nextSlot] = slotSoFar;
      nextSlot = (nextSlot + 1) % slots.length;
      slotsFilled = Math.min(slotsFilled + 1, slots.length);
      slotSoFar = Distribution.EMPTY;
      ticksInSlot = 0;
      scratch.clear();
      for (int i = 0; i < slotsFilled; i++) {
        scratch.addAll(slots[i]);
      }
      Distribution w = scratch.freeze();
      windowDistribution = w;
      window = DistributionStats.of(w, slotSeconds * slotsFilled, precision);
      windowQuantiles = quantiles(w);
    }
  }

  /**
   * Adds the values a stalled recorder would have seen, as HdrHistogram's
   * {@code copyCorrectedForCoordinatedOmission} does: each bucket stands for its highest
   * equivalent value.
   */
  private void correct(SparseCounts scratch) {
    long expected = settings.expectedInterval();
    scratch.freeze().forEach((bucket, n) -> {
      long value = precision.highestEquivalentValue(bucket);
      for (long missing = value - expected; missing >= expected; missing -= expected) {
        scratch.addSynthetic(precision.lowestEquivalentValue(missing), missing, n);
      }
    });
  }

  private void addToBounds(Distribution d, long[] counts) {
    if (bounds.length == 0) {
      return;
    }
    d.forEach((bucket, n) -> {
      int i = java.util.Arrays.binarySearch(bounds, bucket);
      int at = i >= 0 ? i : -i - 1;
      if (at < bounds.length) {
        counts[at] += n;
      }
    });
  }

  /** Values since start, up to the last tick. Tick thread. */
  synchronized long totalCount() {
    return totalCount;
  }

  /** Their sum, in the recording unit. */
  synchronized double totalSum() {
    return totalSum;
  }

  /** The values since start in exponential buckets, up to the last tick. */
  synchronized NativeHistogram nativeHistogram() {
    return exponential.snapshot();
  }

  /** Values at or below each bound since start, up to the last tick, cumulative. */
  synchronized long[] cumulativeBuckets() {
    return cumulative(boundCounts.clone());
  }

  private static long[] cumulative(long[] counts) {
    for (int i = 1; i < counts.length; i++) {
      counts[i] += counts[i - 1];
    }
    return counts;
  }

  /** The recent maximum as of the last drain. */
  synchronized long recentMax() {
    return recentMax.max(time.nanoTime());
  }

  /** The recent maximum as of now, values recorded since the last drain included. */
  synchronized long recentMaxNow() {
    return recentMax.max(drainToPending());
  }

  /** Moves what was recorded since the last drain into the pending table; returns the time it did. */
  private long drainToPending() {
    if (pending == null) {
      pending = new SparseCounts();
      fresh = new SparseCounts();
    }
    recorder.drainInto(fresh);
    long now = time.nanoTime();
    if (fresh.count() > 0) {
      recentMax.record(fresh.max(), now);
      pending.addAll(fresh);
      fresh.clear();
    }
    return now;
  }

  /** Everything recorded up to now, including what the next tick has not taken yet. */
  synchronized CurrentStats current() {
    long now = drainToPending();
    Distribution p = pending.freeze();
    long[] buckets = boundCounts.clone();
    addToBounds(p, buckets);
    Distribution recent = Distribution.merge(Distribution.merge(windowDistribution, slotSoFar), p);
    return new CurrentStats(totalCount + p.count(), totalSum + p.sum(), recentMax.max(now), settings.buckets(),
        cumulative(buckets), recent, precision);
  }

  DistributionStats lastTick() {
    return lastTick;
  }

  DistributionStats window() {
    return window;
  }

  Distribution lastTickDistribution() {
    return lastTickDistribution;
  }

  Distribution windowDistribution() {
    return windowDistribution;
  }

  synchronized long footprintBytes() {
    long bytes = recorder.footprintBytes() + slotSoFar.footprintBytes() + windowDistribution.footprintBytes()
        + lastTickDistribution.footprintBytes();
    for (Distribution d : slots) {
      if (d != null) {
        bytes += d.footprintBytes();
      }
    }
    if (pending != null) {
      bytes += pending.footprintBytes() + fresh.footprintBytes();
    }
    return bytes + exponential.footprintBytes();
  }
}
