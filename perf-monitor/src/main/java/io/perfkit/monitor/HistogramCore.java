package io.perfkit.monitor;

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

  HistogramCore(HistogramSettings settings, int slots, int ticksPerSlot) {
    this.settings = settings;
    this.precision = settings.template();
    this.recorder = new PerThreadRecorder(precision, MAX_BUCKETS_PER_THREAD);
    this.slots = new Distribution[slots];
    this.ticksPerSlot = ticksPerSlot;
  }

  /**
   * Called by the monitor's tick, one at a time. {@code scratch} is empty on entry. Each slot is
   * the merge of its ticks' distributions (both sorted, so a linear merge).
   */
  void tick(SparseCounts scratch, double tickSeconds, double slotSeconds) {
    recorder.drainInto(scratch);
    if (settings.expectedInterval() > 0 && scratch.count() > 0) {
      correct(scratch);
    }
    Distribution interval = scratch.freeze();
    lastTickDistribution = interval;
    lastTick = DistributionStats.of(interval, tickSeconds, precision);
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

  long footprintBytes() {
    long bytes = recorder.footprintBytes() + slotSoFar.footprintBytes() + windowDistribution.footprintBytes()
        + lastTickDistribution.footprintBytes();
    for (Distribution d : slots) {
      if (d != null) {
        bytes += d.footprintBytes();
      }
    }
    return bytes;
  }
}
