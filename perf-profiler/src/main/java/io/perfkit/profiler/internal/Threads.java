package io.perfkit.profiler.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Small helpers for the profiler's own background threads. */
public final class Threads {

  private static final System.Logger LOG = System.getLogger(Threads.class.getName());

  private Threads() {}

  /** Waits up to 5 s for a shut-down pool to finish, logging when it does not. */
  public static void awaitQuietly(ExecutorService pool, String what) {
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "the " + what + " thread did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
