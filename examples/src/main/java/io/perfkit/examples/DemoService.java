package io.perfkit.examples;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.ServiceInstance;
import io.perfkit.api.alert.JvmThresholds;
import io.perfkit.api.alert.Severity;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.ContainerMetrics;
import io.perfkit.monitor.JvmMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertEvent;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertRules;
import io.perfkit.monitor.alert.Unit;
import io.perfkit.monitor.health.JvmHealthRules;
import io.perfkit.monitor.http.MonitorHttp;
import io.perfkit.monitor.http.ServerLoadMetrics;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.profiler.http.DebugHttp;
import io.perfkit.profiler.trigger.AlertCaptures;
import io.perfkit.profiler.trigger.RequestProfiler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The production service of the seed's server example, wired together from the library: a
 * monitor with JVM metrics, the JVM health rules and alert rules whose firing takes a profile,
 * request profiling on the always-on continuous recorder, the collector into {@code file:} storage,
 * and the pprof-style {@code /debug} endpoints beside the monitor's.
 *
 * <p>Two servers, as in production: the application's routes on {@link #app} (8 handler
 * threads), Perfkit's on {@link #management} (a port and 4 threads of its own). However many
 * slow requests hold the application's handlers, {@code /prometheus}, {@code /health} and
 * {@code /debug/profiles} answer on the management port, and {@code /health} says how saturated
 * the application's server is.
 *
 * <p>{@code /fast}, {@code /slow} and
 * {@code /very-slow} do real CPU work, allocation and waiting, so that every profile type has
 * something to show; {@code /very-slow} spends at least 300 ms of CPU in {@link #verySlowWork}.
 */
final class DemoService implements AutoCloseable {

  static volatile double sink;
  static volatile Object retained;

  final Monitor monitor;
  final AlertManager alerts;
  final ProfileStorage storage;
  final ProfileCollector collector;
  final ContinuousRecorder flight;
  final RequestProfiler requests;
  final Profiler profiler;
  final HttpEndpointServer app;
  final HttpEndpointServer management;
  final DebugHttp debug;
  final JvmMetrics jvm;
  final List<AlertEvent> alertEvents = new CopyOnWriteArrayList<>();
  final Path data;
  final String storageUri;
  final ServiceInstance who;

  private DemoService(int port, int managementPort, Path data, String storageUri, Consumer<String> log) throws IOException {
    this.data = data;
    this.storageUri = storageUri;
    this.who = ServiceInstance.fromEnvironment("perfkit-demo");
    Files.createDirectories(data);
    if (!Files.isWritable(data)) {
      throw new IOException("data directory " + data.toAbsolutePath() + " is not writable");
    }
    // bind first: a taken port fails before anything else is opened
    this.app = HttpEndpointServer.builder().name("app").loopbackPort(port).handlerThreads(8).build();
    List<AutoCloseable> opened = new ArrayList<>();
    opened.add(app);
    try {
      this.management = HttpEndpointServer.builder().name("management").loopbackPort(managementPort).handlerThreads(4)
          .build();
      opened.add(management);
      this.storage = ProfileStorages.open(storageUri);
      opened.add(storage);
      // every profile says which service and instance took it, as a fleet sharing one bucket needs
      this.collector = ProfileCollector.builder(storage).fleet(who).build();
      opened.add(collector);
      this.monitor = Monitor.builder().window(Duration.ofSeconds(30), 6).build();
      opened.add(monitor);
      this.jvm = JvmMetrics.builder(monitor).build();
      opened.add(jvm);
      ContainerMetrics container = ContainerMetrics.builder(monitor).build();  // the CPU quota and memory limit, if any
      opened.add(container);
      Path work = Files.createTempDirectory("perfkit-server");
      this.profiler = Profiler.builder().workDir(work.resolve("captures")).build();
      opened.add(profiler);
      this.flight = ContinuousRecorder.builder(work.resolve("flight")).maxAge(Duration.ofMinutes(2)).maxSize(128L << 20)
          .chunkInterval(Duration.ofSeconds(2)).build().start();
      opened.add(flight);
      // each slow request's profile is checked against its thread's CPU time (two clock reads a request)
      // and, in a container with a CPU quota, says how long the quota held it back
      this.requests = RequestProfiler.builder(flight, collector).threadCpuTime(true).cpuThrottling(container).build();
      AlertCaptures captures = AlertCaptures.builder(profiler, collector::submit).duration(Duration.ofSeconds(10)).build();
      this.alerts = AlertManager.builder().build()
          // the JVM health rules, each naming the profile to take; this service never needs 500 threads
          .addRules(JvmHealthRules.of(JvmThresholds.builder().threadCount(500).heapAfterGc(0.9).build()))
          .addRule(AlertRules.rate("RequestBurst", "app.http.requests").above(40).severity(Severity.WARNING)
              .keepFiringFor(Duration.ofSeconds(2)).unit(Unit.of("requests/s")).quantity("request rate")
              .message("{{value.human}}, above {{threshold.human}}").build())
          .addRule(AlertRules.quantile("SlowRequests", "app.http.latency{path=/slow}", 0.99).above(Duration.ofSeconds(2))
              .forDuration(Duration.ofSeconds(5)).severity(Severity.CRITICAL).build())
          .addRule(ServerLoadMetrics.saturationRule("app"))
          .addListener(e -> {
            alertEvents.add(e);
            log.accept("alert " + e.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.rule() + " — " + e.message());
            if (e.kind() == AlertEvent.Kind.FIRING && captures.fired(e.rule(), e.labels()).isEmpty()
                && e.labels().get(ProfileLabels.PROFILE).isEmpty()) {
              // an application rule without a profile label: a short CPU profile
              profiler.capture(ProfileType.CPU, Duration.ofSeconds(2), Labels.of(ProfileLabels.TRIGGER, "alert", ProfileLabels.ALERT, e.rule()))
                  .thenAccept(collector::submit);
            }
          })
          .attach(monitor);
      ServerLoadMetrics.register(monitor, "app", app);
      ServerLoadMetrics.register(monitor, "management", management);
      MonitorHttp.builder(monitor).alerts(alerts).exposedLabels(who.labels()).build().mount(management.server());
      this.debug = DebugHttp.builder(profiler, storage).continuousRecorder(flight).build();
      opened.add(debug);
      debug.mount(management.server());
      mount("/fast", ex -> respond(ex, fastWork()));
      mount("/slow", ex -> respond(ex, slowWork()));
      mount("/very-slow", ex -> respond(ex, verySlowWork()));
      management.start();
      app.start();
      monitor.start();
    } catch (IOException | RuntimeException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /**
   * Starts the service on 127.0.0.1:{@code port} and Perfkit's endpoints on 127.0.0.1:{@code
   * managementPort} (0: any free port), storing profiles under {@code data}.
   */
  static DemoService start(int port, int managementPort, Path data, Consumer<String> log) throws IOException {
    return new DemoService(port, managementPort, data, fileStorage(data), log);
  }

  /** Both servers on free ports. */
  static DemoService start(Path data, Consumer<String> log) throws IOException {
    return start(0, 0, data, log);
  }

  /**
   * Starts the service storing profiles where {@code data} says: a directory, or a storage URI
   * such as {@code s3://bucket/prefix?endpoint=…}, with files of its own (flame graphs) in a new
   * temporary directory then.
   */
  static DemoService start(int port, int managementPort, String data, Consumer<String> log) throws IOException {
    if (isStorageUri(data)) {
      return new DemoService(port, managementPort, Files.createTempDirectory("perfkit-demo"), data, log);
    }
    return start(port, managementPort, Path.of(data), log);
  }

  /** True for {@code s3://…} and other scheme-qualified storage URIs; false for a directory. */
  static boolean isStorageUri(String data) {
    return data.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !data.matches("[a-zA-Z]:[\\\\/].*");
  }

  private static String fileStorage(Path data) {
    return "file:" + data.toAbsolutePath().toUri().getPath() + "?maxCount=500";
  }

  /** Where profiles go, for the programs to print: the directory, or the URI without its secret. */
  String storageDescription() {
    return storageUri.startsWith("file:") ? data.toAbsolutePath().toString() : storage.toString();
  }

  /** The application's routes: {@code /fast}, {@code /slow}, {@code /very-slow}. */
  String url() {
    return app.url();
  }

  /** Perfkit's endpoints: {@code /metrics}, {@code /health}, {@code /prometheus}, {@code /debug/…}. */
  String managementUrl() {
    return management.url();
  }

  private void mount(String path, HttpHandler handler) {
    Filter timing = new Filter() {
      @Override
      public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        long start = System.nanoTime();
        try {
          chain.doFilter(ex);
        } finally {
          monitor.timer("app.http.latency", "path", path).recordNanos(System.nanoTime() - start);
          monitor.counter("app.http.requests").increment();
        }
      }

      @Override
      public String description() {
        return "request metrics";
      }
    };
    var context = app.server().createContext(path, ex -> {
      if (!ex.getRequestURI().getPath().equals(path)) {
        ex.sendResponseHeaders(404, -1);
        ex.close();
        return;
      }
      handler.handle(ex);
    });
    context.getFilters().add(timing);
    context.getFilters().add(requests.filter());
  }

  private static void respond(HttpExchange ex, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  static String fastWork() {
    sink = burn(200_000);
    return "{\"work\":\"fast\"}";
  }

  static String slowWork() {
    sink = burn(30_000_000);
    List<byte[]> garbage = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      garbage.add(new byte[8 * 1024]);
    }
    retained = garbage;
    sleep(60);
    return "{\"work\":\"slow\"}";
  }

  /** At least 300 ms of CPU here, then allocation and waiting: over a second in all. */
  static String verySlowWork() {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(350);
    double x = 1;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 100_000; i++) {
        x = Math.sqrt(x + i) * 1.0000001;  // inline, so the CPU samples land in this method
      }
    }
    sink = x;
    List<byte[]> garbage = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      garbage.add(new byte[16 * 1024]);
    }
    retained = garbage;
    sleep(750);
    return "{\"work\":\"very-slow\"}";
  }

  private static double burn(int iterations) {
    double x = 1;
    for (int i = 0; i < iterations; i++) {
      x = Math.sqrt(x + i) * 1.0000001;
    }
    return x;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    app.close();
    management.close();
    debug.close();
    requests.close(Duration.ofSeconds(10));
    alerts.close();
    monitor.close();
    jvm.close();
    flight.close();
    profiler.close();
    collector.close(Duration.ofSeconds(20));
    storage.close();
  }
}
