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
 * <p>No value is left out: a thread whose buffer meets more distinct buckets within one drain
 * than {@code maxBucketsPerThread} allows spills that buffer into a dense array of the whole
 * range (see {@link SparseCounts}), so the percentiles of a wide distribution at any rate are
 * those of a HdrHistogram {@code Histogram} fed the same values.
 *
 * <p>Footprint: a few kilobytes per recording thread (sized by distinct buckets in use), and
 * for a thread whose values span more buckets than the cap, the dense array of each of its two
 * buffers (267 KB each for the timer default); a thread's table is released after the thread
 * ends.
 */
public final class PerThreadRecorder {

  private final long highest;
  private final int maxBucketsPerThread;
  private final BucketLayout layout;
  private final CopyOnWriteArrayList<ThreadTable> tables = new CopyOnWriteArrayList<>();
  private final ThreadLocal<ThreadTable> local = ThreadLocal.withInitial(this::register);
  private final LongAdder clamped = new LongAdder();

  /**
   * @param precision supplies the bucket boundaries (lowest discernible value, significant digits)
   * @param maxBucketsPerThread capacity cap of one thread's buffer, a power of two
   */
  public PerThreadRecorder(Histogram precision, int maxBucketsPerThread) {
    this.highest = precision.getHighestTrackableValue();
    this.maxBucketsPerThread = maxBucketsPerThread;
    this.layout = new BucketLayout(precision);
  }

  private ThreadTable register() {
    ThreadTable t = new ThreadTable(Thread.currentThread(), maxBucketsPerThread, layout);
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
    local.get().record(value);
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

  /** Times a thread's buffer has spilled from its sparse table into a dense array (live threads). */
  public long spills() {
    long n = 0;
    for (ThreadTable t : tables) {
      n += t.spills();
    }
    return n;
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
