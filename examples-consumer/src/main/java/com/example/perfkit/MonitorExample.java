package com.example.perfkit;

import io.perfkit.api.alert.Severity;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.DistributionSample;
import io.perfkit.monitor.HistogramSettings;
import io.perfkit.monitor.JvmMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.NativeHistogram;
import io.perfkit.monitor.Timer;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertRules;
import io.perfkit.monitor.executor.ExecutorMetrics;
import io.perfkit.monitor.http.MonitorHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The README's perf-monitor example: metrics, an alert rule, the endpoints. Needs perf-monitor. */
public final class MonitorExample {

  private MonitorExample() {}

  /** Runs the example; returns what {@code /health} answered. */
  public static String run() throws Exception {
    // readme:monitor
    Monitor monitor = Monitor.builder().build().start();            // ticks once a second
    JvmMetrics jvm = JvmMetrics.builder(monitor).build();           // heap, GC, threads, CPU, fds
    Timer latency = monitor.timer("http.server.latency", "path", "/checkout");
    latency.record(Duration.ofMillis(42));                          // wait-free, allocation-free, ~10 ns

    AlertManager alerts = AlertManager.builder().build()
        .addRule(AlertRules.quantile("SlowCheckout", "http.server.latency{path=/checkout}", 0.99)
            .above(Duration.ofMillis(200)).forDuration(Duration.ofSeconds(30)).severity(Severity.CRITICAL).build())
        .addListener(event -> System.out.println(event.message()))
        .attach(monitor);
    HttpEndpointServer server = HttpEndpointServer.builder().loopbackPort(0).build();
    MonitorHttp.builder(monitor).alerts(alerts).build().mount(server.server());  // /metrics /health /alerts /prometheus
    server.start();
    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.url() + "health")).build(), HttpResponse.BodyHandlers.ofString());
    System.out.println(health.body());                              // {"status":"UP", …}
    server.close();
    alerts.close();
    jvm.close();
    monitor.close();
    // end
    return health.body();
  }

  /** The README's fleet example: classic buckets by name, and the exponential buckets every timer keeps. */
  public static NativeHistogram fleet() {
    // readme:buckets
    Monitor monitor = Monitor.builder()
        .buckets("http.server.*", HistogramSettings.LATENCY_BUCKETS)  // classic _bucket series, the same bounds everywhere
        .build();
    Timer latency = monitor.timer("http.server.latency", "path", "/checkout");
    latency.record(Duration.ofMillis(42));
    DistributionSample sample = monitor.tick().sample("http.server.latency{path=/checkout}", DistributionSample.class)
        .orElseThrow();
    NativeHistogram buckets = sample.exponential();          // what /prometheus sends Prometheus as a native histogram
    System.out.println(buckets.totalCount() + " value in bucket " + buckets.index(0) + ", up to "
        + NativeHistogram.upperBound(buckets.index(0)) + " s");    // 2.2 % wide: 42 ms lands in (0.0414, 0.0423]
    monitor.close();
    // end
    return buckets;
  }

  /** The README's pool example: a pool measured; returns its p99 queue wait, in seconds. */
  public static double pools() throws Exception {
    // readme:pools
    Monitor monitor = Monitor.builder().build().start();
    ExecutorService checkout = ExecutorMetrics.builder(monitor).build()
        .monitor("checkout", Executors.newFixedThreadPool(2));  // use it in place of the pool
    for (int i = 0; i < 20; i++) {
      checkout.submit(() -> { Thread.sleep(10); return null; });  // each runs 10 ms, queued 0 to 90 ms
    }
    checkout.shutdown();
    checkout.awaitTermination(10, TimeUnit.SECONDS);
    MonitorSnapshot s = monitor.tick();
    System.out.println("p99 queue wait " + s.quantile("executor.idle{name=checkout}", 0.99).orElseThrow() + " s, "
        + s.value("executor.completed{name=checkout}").orElseThrow() + " tasks");   // ExecutorQueueWait reads the p99
    monitor.close();
    // end
    return s.quantile("executor.idle{name=checkout}", 0.99).orElseThrow();
  }

  public static void main(String[] args) throws Exception {
    run();
  }
}
