package io.perfkit.monitor.executor;

import io.perfkit.api.TimeSource;
import io.perfkit.monitor.Counter;
import io.perfkit.monitor.Timer;
import java.util.concurrent.atomic.LongAdder;

/**
 * One pool's hot-path state: the clock, the two timers and the counts its gauges derive from.
 * Every method may be called from any thread.
 */
final class PoolMeters {

  final String name;
  final TimeSource time;
  final Timer queueWait;
  final Timer execution;
  final Counter rejected;
  final LongAdder submitted = new LongAdder();
  final LongAdder started = new LongAdder();
  final LongAdder completed = new LongAdder();
  final LongAdder abandoned = new LongAdder();
  /** Whether the wrapper counts what is queued and running: false for a pool that says so itself. */
  final boolean counting;

  PoolMeters(String name, boolean counting, TimeSource time, Timer queueWait, Timer execution, Counter rejected) {
    this.name = name;
    this.counting = counting;
    this.time = time;
    this.queueWait = queueWait;
    this.execution = execution;
    this.rejected = rejected;
  }

  /** Called before a task is handed to the pool; returns the time it was submitted. */
  long submitted() {
    if (counting) {
      submitted.increment();
    }
    return time.nanoTime();
  }

  /** A task the pool refused: it never runs, so it leaves the queued count. */
  void rejected() {
    rejected.increment();
  }

  /** Called on the pool's thread as a task starts: its wait ends now. Returns the start time. */
  long started(long dueNanos) {
    long now = time.nanoTime();
    if (counting) {
      started.increment();
    }
    queueWait.recordNanos(now - dueNanos);
    return now;
  }

  /** Called as a task ends, normally or by throwing. */
  void completed(long startNanos) {
    execution.recordNanos(time.nanoTime() - startNanos);
    completed.increment();
  }

  /** Tasks a pool stopped with {@code shutdownNow} returned unrun: they leave the queued count. */
  void abandoned(int n) {
    if (counting) {
      abandoned.add(n);
    }
  }

  /** Tasks handed to the pool that have not started: submitted, not refused, abandoned or started. */
  long queued() {
    return Math.max(0, submitted.sum() - rejected.count() - abandoned.sum() - started.sum());
  }

  /** Tasks running now: started, not completed. */
  long active() {
    return Math.max(0, started.sum() - completed.sum());
  }
}
