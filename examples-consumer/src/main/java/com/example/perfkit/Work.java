package com.example.perfkit;

import java.util.concurrent.Future;

/** Work for the profiles to find: a hot loop, on this thread or on one of its own. */
public final class Work {

  static volatile double sink;

  private Work() {}

  /** Spins on arithmetic for {@code millis} milliseconds: the hot method every CPU profile here shows. */
  public static void hotLoop(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    double x = 1;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++) {
        x = Math.sqrt(x + i);
      }
    }
    sink = x;
  }

  /** Runs {@link #hotLoop} on a thread of its own until {@code done} completes, so that a capture meanwhile has samples. */
  public static Thread busyUntil(Future<?> done) {
    Thread busy = new Thread(() -> {
      while (!done.isDone()) {
        hotLoop(10);
      }
    }, "busy");
    busy.setDaemon(true);
    busy.start();
    return busy;
  }
}
