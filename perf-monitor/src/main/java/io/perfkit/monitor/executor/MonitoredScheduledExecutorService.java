package io.perfkit.monitor.executor;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A scheduled executor that times every run: a scheduled task's wait is from the time it was due
 * to the time it started (so a pool too small to start timers on time shows in the same timer as
 * a queue does), and a periodic task's every run counts as a task of its own, due when its rate
 * or delay says.
 */
final class MonitoredScheduledExecutorService extends MonitoredExecutorService implements ScheduledExecutorService {

  private final ScheduledExecutorService scheduled;

  MonitoredScheduledExecutorService(ScheduledExecutorService pool, PoolMeters meters) {
    super(pool, meters);
    this.scheduled = pool;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Objects.requireNonNull(command, "command");
    ScheduledRun run = new ScheduledRun(command, meters, due(delay, unit), 0, false);
    return counted(() -> scheduled.schedule(run, delay, unit));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    Objects.requireNonNull(callable, "callable");
    long due = due(delay, unit);
    Callable<V> timed = () -> {
      long start = meters.started(due);
      try {
        return callable.call();
      } finally {
        meters.completed(start);
      }
    };
    return counted(() -> scheduled.schedule(timed, delay, unit));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    Objects.requireNonNull(command, "command");
    ScheduledRun run = new ScheduledRun(command, meters, due(initialDelay, unit), unit.toNanos(period), true);
    return counted(() -> scheduled.scheduleAtFixedRate(run, initialDelay, period, unit));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    Objects.requireNonNull(command, "command");
    ScheduledRun run = new ScheduledRun(command, meters, due(initialDelay, unit), unit.toNanos(delay), false);
    return counted(() -> scheduled.scheduleWithFixedDelay(run, initialDelay, delay, unit));
  }

  private long due(long delay, TimeUnit unit) {
    return meters.submitted() + Math.max(0, unit.toNanos(delay));
  }

  private <F> F counted(Supplier<F> schedule) {
    try {
      return schedule.get();
    } catch (RejectedExecutionException e) {
      meters.rejected();
      throw e;
    }
  }

  /** A scheduled command; periodic ones move their due time on after each run. */
  private static final class ScheduledRun implements Runnable {
    private final Runnable command;
    private final PoolMeters meters;
    private final long period;  // 0 for a one-shot task
    private final boolean fixedRate;
    private long due;  // this and runs: written by the run before, which happens-before the next
    private long runs;

    ScheduledRun(Runnable command, PoolMeters meters, long due, long period, boolean fixedRate) {
      this.command = command;
      this.meters = meters;
      this.due = due;
      this.period = period;
      this.fixedRate = fixedRate;
    }

    @Override
    public void run() {
      if (runs++ > 0 && meters.counting) {
        meters.submitted.increment();  // each later run of a periodic task is a task of its own
      }
      long start = meters.started(due);
      try {
        command.run();
      } finally {
        meters.completed(start);
        if (period > 0) {
          due = fixedRate ? due + period : meters.time.nanoTime() + period;
        }
      }
    }

    @Override
    public String toString() {
      return command.toString();
    }
  }
}
