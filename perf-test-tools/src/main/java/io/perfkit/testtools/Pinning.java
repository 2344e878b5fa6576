package io.perfkit.testtools;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * Virtual threads pinned to their carriers on purpose, for tests of what sees pinning. Needs a
 * JVM of JDK 21 or later; compiled for 17, so virtual threads are started by name.
 */
public final class Pinning {

  /** How long each pin blocks. */
  public static final long MILLIS = 50;

  private Pinning() {}

  /**
   * Initialized once per class loader, by a virtual thread that sleeps while pinned: a thread in
   * a class initializer is pinned on every JDK (a monitor no longer pins from JDK 24).
   */
  public static final class SlowInit {
    static {
      try {
        Thread.sleep(MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private SlowInit() {}
  }

  /**
   * Starts a virtual thread that initializes a fresh copy of {@link SlowInit}, in a class loader
   * of its own, and so blocks {@value #MILLIS} ms pinned; returns the thread.
   *
   * @throws ReflectiveOperationException on a JVM without virtual threads
   */
  public static Thread pinOnce() throws ReflectiveOperationException {
    URL classes = SlowInit.class.getProtectionDomain().getCodeSource().getLocation();
    URLClassLoader loader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
    return (Thread) start.invoke(builder, (Runnable) () -> {
      try {
        Class.forName(SlowInit.class.getName(), true, loader);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
