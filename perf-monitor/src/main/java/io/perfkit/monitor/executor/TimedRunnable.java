package io.perfkit.monitor.executor;

/** A command handed to {@code execute}, with the time it was submitted. */
final class TimedRunnable implements Runnable {

  final Runnable command;
  private final PoolMeters meters;
  private final long submitted;

  TimedRunnable(Runnable command, PoolMeters meters, long submitted) {
    this.command = command;
    this.meters = meters;
    this.submitted = submitted;
  }

  @Override
  public void run() {
    long start = meters.started(submitted);
    try {
      command.run();
    } finally {
      meters.completed(start);
    }
  }

  @Override
  public String toString() {
    return command.toString();
  }
}
