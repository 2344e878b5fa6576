package io.perfkit.monitor.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;

/** Padding before the hot fields, so tables of different threads never share a cache line. */
abstract class ThreadTablePadBefore {
  long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** The phase fields, written by the owning thread on every record. */
abstract class ThreadTableFields extends ThreadTablePadBefore {
  volatile long start;
  volatile long evenEnd;
  volatile long oddEnd = Long.MIN_VALUE;
}

/**
 * One thread's recording state for one recorder: two {@link SparseCounts} buffers and a
 * single-writer version of HdrHistogram's WriterReaderPhaser that lets the reader swap them.
 *
 * <p>The owner records with one atomic add and one release store, and never waits. The reader
 * swaps the active buffer and waits only for a record already in flight in the old one (a few
 * nanoseconds, unless the owner is descheduled mid-record).
 */
final class ThreadTable extends ThreadTableFields {
  long p11, p12, p13, p14, p15, p16, p17, p18;

  private static final VarHandle START;
  private static final VarHandle EVEN_END;
  private static final VarHandle ODD_END;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      START = l.findVarHandle(ThreadTableFields.class, "start", long.class);
      EVEN_END = l.findVarHandle(ThreadTableFields.class, "evenEnd", long.class);
      ODD_END = l.findVarHandle(ThreadTableFields.class, "oddEnd", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final WeakReference<Thread> owner;  // null for a table shared by virtual threads, which never goes
  private final SparseCounts even;
  private final SparseCounts odd;

  ThreadTable(Thread owner, int maxCapacity, BucketLayout layout) {
    this.owner = owner == null ? null : new WeakReference<>(owner);
    this.even = new SparseCounts(maxCapacity, layout);
    this.odd = new SparseCounts(maxCapacity, layout);
  }

  /**
   * Owner thread only, or one thread at a time under a lock for a shared table. One call site for both buffers, so the JIT compiles the buffer's record
   * once rather than once per phase: once both phases have run, two copies make this path too big
   * for the JIT to inline into the code that records.
   */
  void record(long value) {
    long phase = (long) START.getAndAdd(this, 1L);
    boolean isOdd = phase < 0;
    (isOdd ? odd : even).recordValue(value);
    if (isOdd) {
      ODD_END.setRelease(this, phase + 1);
    } else {
      EVEN_END.setRelease(this, phase + 1);
    }
  }

  /** Reader only (one at a time): swaps the buffers and adds the retired one to {@code into}. */
  void drainInto(SparseCounts into) {
    boolean wasOdd = start < 0;
    long next = wasOdd ? 0 : Long.MIN_VALUE;
    if (wasOdd) {
      EVEN_END.setVolatile(this, 0L);
    } else {
      ODD_END.setVolatile(this, Long.MIN_VALUE);
    }
    long old = (long) START.getAndSet(this, next);
    int spins = 0;
    while ((wasOdd ? oddEnd : evenEnd) != old) {
      if (++spins < 1000) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    SparseCounts retired = wasOdd ? odd : even;
    into.addAll(retired);
    retired.clear();
  }

  boolean ownerGone() {
    if (owner == null) {
      return false;
    }
    Thread t = owner.get();
    return t == null || !t.isAlive();
  }

  /** Times either buffer has spilled into a dense array. */
  long spills() {
    return even.spills() + odd.spills();
  }

  long footprintBytes() {
    return even.footprintBytes() + odd.footprintBytes() + 256;
  }
}
