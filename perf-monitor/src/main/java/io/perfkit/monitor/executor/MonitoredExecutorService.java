package io.perfkit.monitor.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An executor that times every task of the pool it wraps: {@code submit} and {@code invokeAll}
 * make a {@link TimedFuture} in place of the pool's own future, {@code execute} wraps the command
 * in a {@link TimedRunnable}. Shutting it down shuts the pool down.
 */
class MonitoredExecutorService extends AbstractExecutorService {

  final ExecutorService pool;
  final PoolMeters meters;

  MonitoredExecutorService(ExecutorService pool, PoolMeters meters) {
    this.pool = pool;
    this.meters = meters;
  }

  @Override
  protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
    return new TimedFuture<>(runnable, value, meters);
  }

  @Override
  protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
    return new TimedFuture<>(callable, meters);
  }

  @Override
  public void execute(Runnable command) {
    if (command == null) {
      throw new NullPointerException("command");
    }
    Runnable task;
    if (command instanceof TimedFuture<?> f) {
      f.submitted = meters.submitted();
      task = f;
    } else {
      task = new TimedRunnable(command, meters, meters.submitted());
    }
    try {
      pool.execute(task);
    } catch (RejectedExecutionException e) {
      meters.rejected();
      throw e;
    }
  }

  @Override
  public void shutdown() {
    pool.shutdown();
  }

  /** Stops the pool; the tasks that never ran are returned as they were given. */
  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> never = pool.shutdownNow();
    meters.abandoned(never.size());
    List<Runnable> given = new ArrayList<>(never.size());
    for (Runnable r : never) {
      given.add(r instanceof TimedRunnable t ? t.command : r);
    }
    return given;
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return pool.awaitTermination(timeout, unit);
  }

  @Override
  public String toString() {
    return "monitored " + meters.name + ": " + pool;
  }
}
