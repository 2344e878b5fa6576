package io.perfkit.monitor.executor;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * A task handed to {@code submit}: the future the wrapped pool would have made itself, with the
 * time it was submitted, so that timing a submitted task makes no object beyond the pool's own
 * (this one is 16 bytes larger). The time is taken when the pool is handed the task, not when the
 * future is made. The task is counted as ended before its result is set, so whoever waits on the
 * future finds it counted.
 */
final class TimedFuture<V> extends FutureTask<V> {

  private final PoolMeters meters;
  /**
   * When it was submitted; once it runs, when it started; once counted, {@link #COUNTED}. One
   * field for the three keeps the future the size the pool's own plus a reference and a long.
   */
  long submitted;
  private static final long COUNTED = Long.MIN_VALUE;

  TimedFuture(Callable<V> callable, PoolMeters meters) {
    super(callable);
    this.meters = meters;
  }

  TimedFuture(Runnable runnable, V result, PoolMeters meters) {
    super(runnable, result);
    this.meters = meters;
  }

  @Override
  public void run() {
    submitted = meters.started(submitted);
    try {
      super.run();
    } finally {
      end();  // cancelled before it ran: set is not called
    }
  }

  /** Counts the task ended before its result is visible, so a caller of get() sees it counted. */
  @Override
  protected void set(V v) {
    end();
    super.set(v);
  }

  @Override
  protected void setException(Throwable t) {
    end();
    super.setException(t);
  }

  private void end() {
    if (submitted != COUNTED) {
      meters.completed(submitted);
      submitted = COUNTED;
    }
  }
}
