package io.perfkit.benchmarks.monitor;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.Timer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The scrape benchmarks' fixture: {@code timers} timers named alike in a Perfkit monitor and a
 * Micrometer Prometheus registry (with the same four published percentiles), each holding the
 * same 200 log-normal latencies around 2 ms.
 */
public final class TwinTimers {

  private TwinTimers() {}

  /** Registers and fills the timers in both. */
  public static void fill(Monitor monitor, PrometheusMeterRegistry micrometer, int timers) {
    Random r = new Random(1);
    long[] values = new long[200];
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) Math.exp(Math.log(2_000_000) + r.nextGaussian());
    }
    for (int t = 0; t < timers; t++) {
      Timer ours = monitor.timer("service.op.latency", "op", "op" + t);
      io.micrometer.core.instrument.Timer theirs = io.micrometer.core.instrument.Timer.builder("service.op.latency")
          .tag("op", "op" + t).publishPercentiles(0.5, 0.9, 0.99, 0.999).register(micrometer);
      for (long v : values) {
        ours.recordNanos(v);
        theirs.record(v, TimeUnit.NANOSECONDS);
      }
    }
  }
}
