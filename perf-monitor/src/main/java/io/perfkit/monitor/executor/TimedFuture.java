package io.perfkit.monitor.executor;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * A task handed to {@code submit}: the future the wrapped pool would have made itself, with the
 * time it was submitted, so that timing a submitted task allocates nothing beyond what the pool
 * does. The time is taken when the pool is handed the task, not when the future is made.
 */
final class TimedFuture<V> extends FutureTask<V> {

  private final PoolMeters meters;
  long submitted;

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
    long start = meters.started(submitted);
    try {
      super.run();
    } finally {
      meters.completed(start);
    }
  }
}
