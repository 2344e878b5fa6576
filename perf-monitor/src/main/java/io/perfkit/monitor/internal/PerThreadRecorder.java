package io.perfkit.monitor.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Records values into per-thread sparse histograms and hands the values recorded since the last
 * drain to a single reader, losing none.
 *
 * <p>Thread-safety: {@link #record} may be called from any number of threads at once; each
 * thread writes only its own table, so two recording threads never write the same cache line,
 * and recording is wait-free (an atomic add, a bucket lookup and a release store). {@link
 * #drainInto} is called by one reader at a time (it is synchronized).
 *
 * <p>Footprint: a few kilobytes per recording thread (sized by distinct buckets in use, at most
 * {@code maxBucketsPerThread} per buffer); a thread's table is released after the thread ends.
 */
public final class PerThreadRecorder {

  private final Histogram precision;
  private final long highest;
  private final int maxBucketsPerThread;
  private final CopyOnWriteArrayList<ThreadTable> tables = new CopyOnWriteArrayList<>();
  private final ThreadLocal<ThreadTable> local = ThreadLocal.withInitial(this::register);
  private final LongAdder clamped = new LongAdder();

  /**
   * @param precision supplies the bucket boundaries (lowest discernible value, significant digits)
   * @param maxBucketsPerThread capacity cap of one thread's buffer, a power of two
   */
  public PerThreadRecorder(Histogram precision, int maxBucketsPerThread) {
    this.precision = precision;
    this.highest = precision.getHighestTrackableValue();
    this.maxBucketsPerThread = maxBucketsPerThread;
  }

  private ThreadTable register() {
    ThreadTable t = new ThreadTable(Thread.currentThread(), maxBucketsPerThread);
    tables.add(t);
    return t;
  }

  /**
   * Records a value. A negative value counts as 0 and one above the range as the range's top;
   * both are counted by {@link #clamped()}.
   */
  public void record(long value) {
    if (value < 0 || value > highest) {
      value = value < 0 ? 0 : highest;
      clamped.increment();
    }
    local.get().record(precision.lowestEquivalentValue(value), value);
  }

  /** Adds every value recorded since the last drain to {@code into}. */
  public synchronized void drainInto(SparseCounts into) {
    for (ThreadTable t : tables) {
      boolean gone = t.ownerGone();
      t.drainInto(into);
      if (gone) {
        // the owner had ended before this drain, so the drain took its last values
        tables.remove(t);
      }
    }
  }

  /** Values clamped into range. */
  public long clamped() {
    return clamped.sum();
  }

  /** Threads with a table. */
  public int threads() {
    return tables.size();
  }

  /** Bytes held by the per-thread tables. */
  public long footprintBytes() {
    long bytes = 0;
    for (ThreadTable t : tables) {
      bytes += t.footprintBytes();
    }
    return bytes;
  }
}
