package io.perfkit.examples;

import io.perfkit.api.Units;
import io.perfkit.api.alert.Severity;
import io.perfkit.monitor.Counter;
import io.perfkit.monitor.DistributionSample;
import io.perfkit.monitor.DistributionStats;
import io.perfkit.monitor.JvmMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.Timer;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertRules;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.http.MonitorHttp;
import java.io.PrintStream;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The seed's monitor demo: JVM and system metrics, two alert rules (heap and threads; the heap
 * rule is tuned to fire), a simulated workload recording latencies, and the HTTP endpoints.
 */
final class MonitorProgram implements ExampleProgram {

  @Override
  public String name() {
    return "monitor";
  }

  @Override
  public String summary() {
    return "metrics, alerts and /metrics, /health, /alerts, /prometheus over a simulated workload";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: java -jar perf-examples.jar monitor [--port N] [--duration S]",
        "",
        "Starts a monitor with JVM and system metrics, adds two alert rules like the Go",
        "original's (heap above a threshold, which is set to fire during the demo, and live",
        "threads above 500), runs a simulated workload that records request latencies, and",
        "serves the endpoints on 127.0.0.1:",
        "  /metrics  /metrics/{name}  /health  /alerts  /prometheus",
        "",
        "  --port N       port to listen on (default 0: any free port)",
        "  --duration S   stop after S seconds (default: run until Ctrl+C)");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("--port", "--duration"), Set.of());
    int port = a.integer("--port", 0, 0, 65535);
    int duration = a.integer("--duration", 0, 0, 86_400);

    Monitor monitor = Monitor.builder().build();
    JvmMetrics jvm = JvmMetrics.builder(monitor).systemEvents(true).build();
    // Committed heap never drops below the JVM's initial heap, so this threshold fires on every
    // run; heap in use rises and falls with each collection and would make the demo a lottery.
    AlertManager alerts = AlertManager.builder().build()
        .addRule(AlertRules.threshold("HeapHigh", "jvm.memory.heap.committed.bytes").above(32 << 20)
            .severity(Severity.WARNING).quantity("heap committed")
            .message("heap committed is {{value.human}}, above {{threshold.human}} (set low so the demo fires)")
            .build())
        .addRule(AlertRules.threshold("TooManyThreads", "jvm.threads.live").above(500)
            .forDuration(Duration.ofSeconds(5)).severity(Severity.CRITICAL).build())
        .addListener(e -> {
          out.println("alert " + e.kind().name().toLowerCase(Locale.ROOT) + ": " + e.rule() + " — " + e.message());
          out.flush();
        })
        .attach(monitor);
    HttpEndpointServer server;
    try {
      server = HttpEndpointServer.builder().name("monitor").loopbackPort(port).handlerThreads(4).build();
    } catch (BindException e) {
      throw new UsageException(e.getMessage());
    }
    MonitorHttp.builder(monitor).alerts(alerts).build().mount(server.server());
    server.start();
    monitor.start();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService workers = Executors.newFixedThreadPool(3);
    try {
      ServiceLifetime.announce(out, server.url());
      String[] endpoints = {"/api/items", "/api/cart", "/api/checkout"};
      for (int w = 0; w < 3; w++) {
        String endpoint = endpoints[w];
        Timer latency = monitor.timer("app.request.latency", "endpoint", endpoint);
        Counter requests = monitor.counter("app.requests", "endpoint", endpoint);
        Counter errors = monitor.counter("app.errors", "endpoint", endpoint);
        long seed = w;
        workers.submit(() -> simulate(running, seed, latency, requests, errors));
      }
      int[] seconds = {0};
      ServiceLifetime.await(duration, () -> {
        if (++seconds[0] % 2 == 0) {
          out.println(progress(monitor.snapshot()));
          out.flush();
        }
      });
      monitor.tick();
      out.println(progress(monitor.snapshot()));
    } finally {
      running.set(false);
      workers.shutdown();
      workers.awaitTermination(5, TimeUnit.SECONDS);
      server.close();
      alerts.close();
      jvm.close();
      monitor.close();
    }
    return 0;
  }

  /** Latencies in the shape of a real service: mostly fast, a slow tail, occasional errors. */
  private static void simulate(AtomicBoolean running, long seed, Timer latency, Counter requests, Counter errors) {
    Random r = new Random(seed);
    List<byte[]> work = new ArrayList<>();
    while (running.get()) {
      long start = System.nanoTime();
      double ms = Math.exp(Math.log(3 + seed * 2) + 0.6 * r.nextGaussian());
      if (r.nextInt(100) == 0) {
        ms += 50;
      }
      long until = start + (long) (ms * 1e6);
      work.add(new byte[16 * 1024]);
      if (work.size() > 64) {
        work.clear();
      }
      try {
        Thread.sleep(Math.max(0, (until - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        return;
      }
      latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      requests.increment();
      if (r.nextInt(50) == 0) {
        errors.increment();
      }
    }
  }

  private static String progress(MonitorSnapshot s) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s heap %s used of %s committed, threads %.0f",
        s.time().toString().substring(11, 19), Units.bytes(s.value("jvm.memory.heap.used.bytes").orElse(0)),
        Units.bytes(s.value("jvm.memory.heap.committed.bytes").orElse(0)), s.value("jvm.threads.live").orElse(0)));
    for (String key : s.metricNames()) {
      if (key.startsWith("app.request.latency")) {
        DistributionSample latency = s.sample(key, DistributionSample.class).orElseThrow();
        DistributionStats w = latency.window();
        DistributionStats t = latency.tick();
        sb.append(String.format(Locale.ROOT, " | %s %.0f req/s p50 %s p99 %s",
            key.substring(key.indexOf('=') + 1, key.length() - 1), t.rate(),
            Units.seconds((w.count() > 0 ? w.p50() : t.p50()) / 1e9), Units.seconds((w.count() > 0 ? w.p99() : t.p99()) / 1e9)));
      }
    }
    return sb.toString();
  }
}
