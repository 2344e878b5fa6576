package io.perfkit.profiler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Small workloads with unique method names, so a profile can be checked for them. */
public final class Workloads {

  static volatile double sink;
  static volatile Object keep;

  private Workloads() {}

  /** Burns CPU in this method for {@code millis}. */
  public static void spinInUniquelyNamedHotMethod(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    double x = 1;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++) {
        x = Math.sqrt(x + i) * 1.000001;
      }
    }
    sink = x;
  }

  /** Burns CPU elsewhere, as a bystander thread. */
  public static void otherBusyMethod(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    double x = 2;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++) {
        x = Math.cbrt(x + i) * 1.000001;
      }
    }
    sink = x;
  }

  /** Allocates heavily in this method for {@code millis}. */
  public static void allocateInUniquelyNamedMethod(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    List<byte[]> list = new ArrayList<>();
    while (System.nanoTime() < end) {
      list.add(new byte[4096]);
      if (list.size() > 1000) {
        keep = list;
        list = new ArrayList<>();
      }
    }
  }

  /** The monitor the lock test contends on. */
  public static final class ContendedLockClass {
    public synchronized void holdFor(long millis) {
      LockSupport.parkNanos(millis * 1_000_000);
    }
  }

  /** Runs {@code r} on a new daemon thread and returns it. */
  public static Thread background(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
