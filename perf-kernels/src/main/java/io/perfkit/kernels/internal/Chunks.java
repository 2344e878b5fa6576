package io.perfkit.kernels.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.IntToDoubleFunction;

/**
 * Runs {@code body(0 … chunks−1)} on the calling thread and on common-pool workers, each claiming
 * the next chunk as it comes free. The caller starts at once instead of waiting for a parked
 * worker to wake (tens of microseconds on a VM), so the wake-up costs only the work the caller
 * did alone. When its own chunks run out, the caller spins for up to {@value #SPIN_MICROS} µs on
 * the chunks still running before it parks: a kernel of a few hundred microseconds would
 * otherwise pay a second wake-up at the end. A busy pool only means the caller does more chunks.
 */
public final class Chunks {

  static final long SPIN_MICROS = 100;

  private Chunks() {}

  /** The threads that share the chunks: the caller and each of the common pool's workers. */
  public static int threads() {
    return ForkJoinPool.getCommonPoolParallelism() + 1;
  }

  /** Helpers besides the caller: one per other core, never more than there are chunks to share. */
  public static void run(int chunks, IntConsumer body) {
    int helpers = Math.min(chunks, threads()) - 1;
    if (helpers <= 0) {
      for (int i = 0; i < chunks; i++) {
        body.accept(i);
      }
      return;
    }
    Shared shared = new Shared(chunks, body, Thread.currentThread());
    for (int h = 0; h < helpers; h++) {
      ForkJoinPool.commonPool().execute(shared);
    }
    shared.run();
    shared.await();
  }

  /**
   * Σ {@code body(i)} over the chunks, run as {@link #run} runs them; the partial sums are added
   * in chunk order, so the result does not depend on which thread ran what.
   */
  public static double sum(int chunks, IntToDoubleFunction body) {
    double[] partial = new double[chunks];
    run(chunks, i -> partial[i] = body.applyAsDouble(i));
    double sum = 0;
    for (double p : partial) {
      sum += p;
    }
    return sum;
  }

  private static final class Shared implements Runnable {
    private final int chunks;
    private final IntConsumer body;
    private final Thread caller;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile Throwable failure;

    Shared(int chunks, IntConsumer body, Thread caller) {
      this.chunks = chunks;
      this.body = body;
      this.caller = caller;
    }

    /** Claims and runs chunks until none is left; a helper that starts late finds none and returns. */
    @Override
    public void run() {
      for (int i = next.getAndIncrement(); i < chunks; i = next.getAndIncrement()) {
        try {
          body.accept(i);
        } catch (Throwable t) {
          failure = t;
        } finally {
          if (done.incrementAndGet() == chunks) {
            LockSupport.unpark(caller);
          }
        }
      }
    }

    /** Returns once every chunk has run; a chunk's failure is thrown here, on the caller. */
    void await() {
      long spinUntil = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(SPIN_MICROS);
      while (done.get() < chunks) {
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      Throwable t = failure;
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
    }
  }
}
