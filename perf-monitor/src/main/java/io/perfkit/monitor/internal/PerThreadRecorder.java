package io.perfkit.monitor.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
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
 *
 * <p>Virtual threads (JDK 21+) do not get a table each: a server may start one per request, and
 * a table per thread would cost each request a registration and each drain a table per request.
 * They record into a few shared tables instead (twice the processors, rounded up to a power of
 * two), one thread at a time under each table's lock, trying the next table when one is busy;
 * a lock, not a monitor, so a waiting virtual thread parks without pinning its carrier.
 */
public final class PerThreadRecorder {

  private final long highest;
  private final int maxBucketsPerThread;
  private final BucketLayout layout;
  private final CopyOnWriteArrayList<ThreadTable> tables = new CopyOnWriteArrayList<>();
  private final ThreadLocal<ThreadTable> local = ThreadLocal.withInitial(this::register);
  private final LongAdder clamped = new LongAdder();
  private volatile Shared shared;  // made when a virtual thread first records

  /** {@code Thread.isVirtual()} where the JVM has it (21+); null on older JVMs. */
  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

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
    if (IS_VIRTUAL != null && isVirtual(Thread.currentThread())) {
      shared().record(value);
    } else {
      local.get().record(value);
    }
  }

  private Shared shared() {
    Shared s = shared;
    if (s == null) {
      synchronized (this) {
        s = shared;
        if (s == null) {
          s = new Shared(Runtime.getRuntime().availableProcessors() * 2);
          shared = s;
        }
      }
    }
    return s;
  }

  private static boolean isVirtual(Thread t) {
    try {
      return (boolean) IS_VIRTUAL.invokeExact(t);
    } catch (Throwable e) {
      throw new IllegalStateException("Thread.isVirtual failed", e);
    }
  }

  private static MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  /** The tables virtual threads share, each written by one thread at a time. */
  private final class Shared {
    private final ThreadTable[] tables;
    private final ReentrantLock[] locks;

    Shared(int atLeast) {
      int n = Integer.highestOneBit(Math.max(2, atLeast) * 2 - 1);
      tables = new ThreadTable[n];
      locks = new ReentrantLock[n];
      for (int i = 0; i < n; i++) {
        tables[i] = new ThreadTable(null, maxBucketsPerThread, layout);
        locks[i] = new ReentrantLock();
        PerThreadRecorder.this.tables.add(tables[i]);
      }
    }

    @SuppressWarnings("deprecation")  // Thread.getId: threadId() is JDK 19+
    void record(long value) {
      int mask = tables.length - 1;
      long id = Thread.currentThread().getId();
      int home = (int) ((id * 0x9E3779B97F4A7C15L) >>> 32) & mask;
      for (int i = 0; i <= mask; i++) {
        int k = (home + i) & mask;
        if (locks[k].tryLock()) {
          try {
            tables[k].record(value);
          } finally {
            locks[k].unlock();
          }
          return;
        }
      }
      locks[home].lock();
      try {
        tables[home].record(value);
      } finally {
        locks[home].unlock();
      }
    }
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
