package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.ServiceInstance;
import io.perfkit.api.alert.JvmThresholds;
import io.perfkit.api.alert.Severity;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.http.Response;
import io.perfkit.http.Routes;
import io.perfkit.kernels.KernelRace;
import io.perfkit.kernels.Kernels;
import io.perfkit.kernels.RaceResult;
import io.perfkit.micrometer.PerfkitMeterRegistry;
import io.perfkit.monitor.JvmMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.Timer;
import io.perfkit.monitor.alert.AlertEvent;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertRules;
import io.perfkit.monitor.health.JvmHealthRules;
import io.perfkit.monitor.http.MonitorHttp;
import io.perfkit.monitor.http.ServerLoadMetrics;
import io.perfkit.profiler.analysis.CostDiff;
import io.perfkit.profiler.analysis.FlameGraph;
import io.perfkit.profiler.analysis.PprofExport;
import io.perfkit.profiler.analysis.ProfileDiff;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.FlightRecorder;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.profiler.http.DebugHttp;
import io.perfkit.profiler.memory.ClassHistogram;
import io.perfkit.profiler.memory.GcReport;
import io.perfkit.profiler.trace.Trace;
import io.perfkit.profiler.trigger.AlertCaptures;
import io.perfkit.profiler.trigger.RequestProfiler;
import io.perfkit.profiler.trigger.Watchdog;
import io.perfkit.regress.Comparison;
import io.perfkit.regress.Gate;
import io.perfkit.regress.JmhRun;
import io.perfkit.regress.Report;
import io.perfkit.servlet.PerfkitFilter;
import io.perfkit.testkit.InMemoryProfileStorage;
import jakarta.servlet.DispatcherType;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * The README's code, exactly as the README shows it, between {@code readme:NAME} and {@code end}
 * markers; {@link ReadmeExamplesTest} runs each and checks the README still matches.
 */
final class ReadmeExamples {

  static volatile double sink;

  private ReadmeExamples() {}

  /** The hot method the analysis examples look for. */
  static void hotLoop(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    double x = 1;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++) {
        x = Math.sqrt(x + i);
      }
    }
    sink = x;
  }

  /** The README's monitor example. */
  static void monitor() throws Exception {
    // readme:monitor
    Monitor monitor = Monitor.builder().build().start();            // ticks once a second
    JvmMetrics.register(monitor);                                   // heap, GC, threads, CPU, fds
    Timer latency = monitor.timer("http.server.latency", "path", "/checkout");
    latency.record(Duration.ofMillis(42));                          // wait-free, allocation-free, ~10 ns

    AlertManager alerts = new AlertManager()
        .addRule(AlertRules.percentile("SlowCheckout", "http.server.latency{path=/checkout}", 0.99)
            .above(Duration.ofMillis(200)).forDuration(Duration.ofSeconds(30)).severity(Severity.CRITICAL).build())
        .addListener(event -> System.out.println(event.message()))
        .attach(monitor);
    HttpEndpointServer server = MonitorHttp.startOnLoopback(monitor, alerts);  // /metrics /health /alerts /prometheus
    server.close();
    alerts.close();
    monitor.close();
    // end
  }

  /** The README's profiler example. */
  static void profiler() throws Exception {
    // readme:profiler
    Profiler profiler = Profiler.builder().build();
    CaptureResult cpu = profiler.capture(ProfileType.CPU, Duration.ofSeconds(1), Labels.of("why", "manual"))
        .get(30, TimeUnit.SECONDS);
    StackProfile.read(cpu.file(), ProfileType.CPU).topSelf(10).forEach(System.out::println);

    // always on: keep the last two minutes, and profile each slow request itself
    FlightRecorder flight = FlightRecorder.start(Files.createTempDirectory("flight"), Duration.ofMinutes(2), 128L << 20);
    ProfileCollector collector = new ProfileCollector(new InMemoryProfileStorage());
    RequestProfiler requests = RequestProfiler.builder(flight, collector).build();
    String answer = requests.around("GET", "/checkout", () -> "ok");    // or requests.filter() on an HttpServer
    Queue<Runnable> backlog = new ConcurrentLinkedQueue<>();
    Watchdog watchdog = Watchdog.builder(profiler, collector)          // a condition only the application sees
        .check("backlog", () -> backlog.size() > 10_000, ProfileType.CPU).build().start();

    try (Trace.Task order = Trace.task("placeOrder")) {                  // runtime/trace's tasks and logs
      Trace.log("items", "3");
    }
    watchdog.close();
    requests.close();
    collector.close();
    flight.close();
    profiler.close();
    // end
  }

  /** The README's analysis example. */
  static void analysis(Path recording, Path dir) throws Exception {
    // readme:analysis
    StackProfile profile = StackProfile.read(recording, ProfileType.CPU);
    profile.topSelf(20);                                           // pprof -top
    profile.lines("io.perfkit.examples.ReadmeExamples.hotLoop");  // pprof list
    String collapsed = profile.tree().collapsed();                // flamegraph.pl, speedscope
    Files.writeString(dir.resolve("flame.html"), FlameGraph.html("checkout", profile));   // opens offline
    try (OutputStream out = Files.newOutputStream(dir.resolve("cpu.pb.gz"))) {
      PprofExport.write(profile, 10_000_000L, 0, 1_000_000_000L, out);                   // go tool pprof
    }
    // end
  }

  /** The README's diff example. */
  static void diff(Path before, Path after) throws Exception {
    // readme:diff
    ProfileDiff diff = ProfileDiff.of(StackProfile.read(before, ProfileType.CPU), StackProfile.read(after, ProfileType.CPU));
    assertTrue(diff.selfDelta("io.perfkit.examples.ReadmeExamples.hotLoop") < 5.0, diff.report(10));
    // end
  }

  /** The README's perf-http example; returns the body of the application's own route. */
  static String endpoints(Monitor monitor, AlertManager alerts, Profiler profiler, ProfileStorage storage) throws Exception {
    // readme:endpoints
    HttpEndpointServer app = HttpEndpointServer.builder().name("app").loopbackPort(0).handlerThreads(8).build();
    Routes.create()
        .get("/orders/{id}", request -> Response.json(200, Map.of("id", request.pathParam("id"))))
        .mount(app.server());                                             // your own routes, the same rules
    HttpEndpointServer management = HttpEndpointServer.builder().name("management").loopbackPort(0)
        .handlerThreads(2).build();                                       // threads the application never holds
    MonitorHttp.mount(management.server(), monitor, alerts);             // /metrics /health /alerts /prometheus
    DebugHttp debug = DebugHttp.builder(profiler, storage).maxCaptureSeconds(120).build();
    debug.mount(management.server());                                     // /debug/...
    ServerLoadMetrics.register(monitor, "app", app);                      // busy handlers and waiting requests
    alerts.addRule(ServerLoadMetrics.saturationRule("app"));
    management.start();
    app.start();
    HttpResponse<String> order = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(app.url() + "orders/42")).build(), HttpResponse.BodyHandlers.ofString());
    debug.close();
    app.close();
    management.close();
    // end
    return order.body();
  }

  /** The README's storage example. */
  static void storage(Path dir, Path recording) throws Exception {
    // readme:storage
    try (ProfileStorage storage = ProfileStorages.open("file:" + dir.resolve("perf-data") + "?maxAge=7d&maxBytes=2GiB")) {
      StoredProfile stored = storage.store(
          new ProfileMetadata(ProfileType.CPU, Instant.now(), Duration.ofSeconds(10), "jfr", Labels.of("path", "/checkout")),
          recording);
      List<StoredProfile> slowCheckouts = storage.query(ProfileQuery.builder()
          .types(ProfileType.CPU).label("path", "/checkout").minDuration(Duration.ofSeconds(1)).limit(20).build());
    }
    // end
  }

  /** What the README's fleet example opens, for its test to use and close. */
  record Fleet(ProfileStorage storage, ProfileCollector collector, ServiceInstance who) {}

  /** The README's fleet example. */
  static Fleet fleet(String bucketUri, Monitor monitor, AlertManager alerts, Profiler profiler, HttpEndpointServer server)
      throws Exception {
    // readme:fleet
    ServiceInstance who = ServiceInstance.fromEnvironment("checkout");      // PERFKIT_INSTANCE, else HOSTNAME (the pod)
    ProfileStorage storage = ProfileStorages.open(bucketUri);                // s3://perf-profiles/prod?maxAge=14d
    ProfileCollector collector = ProfileCollector.builder(storage).fleet(who).build();  // service=, instance= on every profile
    MonitorHttp.mount(server.server(), monitor, alerts, who.labels());       // and on every /prometheus series
    DebugHttp.builder(profiler, storage).build().mount(server.server());     // /debug/profiles?label=instance:checkout-7f9c
    // end
    return new Fleet(storage, collector, who);
  }

  /** The README's kernels example. */
  static void kernels() {
    // readme:kernels
    double[] a = new double[4096];
    double[] b = new double[4096];
    Arrays.fill(a, 0.5);
    Arrays.fill(b, 2.0);
    double d = Kernels.dot().dot(a, b);                                   // the fastest verified variant
    double[] c = new double[64 * 64];
    Kernels.matmul().multiply(new double[64 * 64], new double[64 * 64], c, 64, 64, 64);
    double area = Kernels.integrate().integrate(x -> Math.sin(x) * Math.exp(-0.1 * x), 0, 10, 100_000);
    double[] spectrum = Kernels.realForward(new double[] {1, 0, -1, 0});   // any length
    List<RaceResult> race = KernelRace.quick().run();                     // verify every variant, then time it
    System.out.print(KernelRace.table(race));
    // end
  }

  /** The README's regression example. */
  static void regressions(Path baseline, Path candidate, Path before, Path after) throws Exception {
    // readme:regressions
    Comparison comparison = Comparison.of(JmhRun.read(baseline), JmhRun.read(candidate));
    System.out.print(Report.text(comparison, null));              // benchstat-style table; Report.markdown, Report.json
    Gate.failOn("slower>5%").rule("StoreBenchmark.*", "slower>20%")
        .check(comparison).assertPassed();                         // fails only on a significant slowdown, with the evidence
    CostDiff perRequest = CostDiff.perOperation(StackProfile.read(before, ProfileType.CPU), 1_000,
        StackProfile.read(after, ProfileType.CPU), 1_000);         // 1,000 requests in each recording
    perRequest.assertNoSlowerThan(0.30);                           // no method 30 % costlier per request
    // end
  }

  /** Something that keeps what it allocates, for the memory example. */
  static final List<long[]> KEPT = new java.util.ArrayList<>();

  static void leakSome() {
    for (int i = 0; i < 20_000; i++) {
      KEPT.add(new long[16]);
    }
  }

  /** The README's memory example. */
  static void memory(Path recording, AlertManager alerts, Profiler profiler, ProfileCollector collector) throws Exception {
    // readme:memory
    JvmThresholds thresholds = JvmThresholds.builder().heapAfterGc(0.9).build();  // one set for rules and reports
    GcReport gc = GcReport.read(recording, null, null, thresholds);  // a capture, a flight-recorder snapshot, a stored profile
    System.out.print(gc.text());                                // pauses, overhead, allocation rate, heap after GC, findings
    ClassHistogram before = ClassHistogram.capture();           // live objects by class; runs a full GC
    leakSome();
    ClassHistogram.Diff grew = ClassHistogram.diff(before, ClassHistogram.capture());
    System.out.print(grew.report(5));                           // the classes that grew, in instances and bytes
    alerts.addRules(JvmHealthRules.of(thresholds));             // the shipped JVM health rules, judging by the same
    AlertCaptures captures = AlertCaptures.builder(profiler, collector::submit).build();
    alerts.addListener(e -> {
      if (e.kind() == AlertEvent.Kind.FIRING) {
        captures.fired(e.rule(), e.labels());                   // a heap, allocation or thread_dump profile, as the rule says
      }
    });
    // end
  }

  /** The README's Micrometer example. */
  static PerfkitMeterRegistry micrometer(Monitor monitor, AlertManager alerts) {
    // readme:micrometer
    PerfkitMeterRegistry registry = new PerfkitMeterRegistry(monitor);  // a Micrometer MeterRegistry
    new JvmMemoryMetrics().bindTo(registry);                            // any binder or instrumented library
    io.micrometer.core.instrument.Timer checkout = io.micrometer.core.instrument.Timer.builder("checkout.latency")
        .tag("region", "eu").register(registry);
    checkout.record(Duration.ofMillis(42));                             // one Perfkit recording, every value kept
    alerts.addRule(AlertRules.percentile("SlowCheckout", "checkout.latency{region=eu}", 0.99)
        .above(Duration.ofMillis(250)).labels(Labels.of(ProfileLabels.PROFILE, "cpu")).build());  // and a profile
    // end
    return registry;
  }

  /** The README's servlet example. */
  static void servlet(Monitor monitor, RequestProfiler requests, ServletContextHandler context) {
    // readme:servlet
    PerfkitFilter filter = PerfkitFilter.builder(monitor).requestProfiler(requests).build();
    FilterHolder holder = new FilterHolder(filter);                      // Jetty; Spring Boot: a FilterRegistrationBean
    holder.setAsyncSupported(true);                                      // async requests end when they complete
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    // end
  }
}
