package io.perfkit.examples;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The contract every HTTP example follows: print {@code listening on http://127.0.0.1:PORT/}
 * once, flushed, with the port actually bound (and, where Perfkit's endpoints have a server of
 * their own, {@code management on http://127.0.0.1:PORT/}); then run for {@code --duration}
 * seconds, or until interrupted (Ctrl+C) when no duration is given.
 */
final class ServiceLifetime {

  private ServiceLifetime() {}

  static void announce(PrintStream out, String url) {
    out.println("listening on " + url);
    out.flush();
  }

  /** The application's URL, then the management server's, with what it serves. */
  static void announce(PrintStream out, String url, String managementUrl) {
    out.println("listening on " + url);
    out.println("management on " + managementUrl + " (metrics, health, alerts, prometheus, debug/...)");
    out.flush();
  }

  /**
   * Waits for the duration, or (when {@code seconds} is 0) for the JVM to be asked to stop.
   * {@code everySecond} runs once a second meanwhile (progress lines).
   */
  static void await(int seconds, Runnable everySecond) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "perfkit-example-shutdown");
    if (seconds == 0) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (seconds == 0 || System.nanoTime() < deadline) {
      if (stop.await(1, TimeUnit.SECONDS)) {
        break;
      }
      everySecond.run();
    }
  }
}
