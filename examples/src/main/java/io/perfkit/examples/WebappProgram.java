package io.perfkit.examples;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.micrometer.PerfkitMeterRegistry;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertEvent;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertRules;
import io.perfkit.monitor.http.PrometheusFormat;
import io.perfkit.profiler.analysis.EventSelection;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.trigger.AlertCaptures;
import io.perfkit.profiler.trigger.ProfileTrigger;
import io.perfkit.profiler.trigger.RequestProfiler;
import io.perfkit.servlet.PerfkitFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A small Servlet application on embedded Jetty, instrumented the way a Java service already is:
 * the Perfkit filter on every request, and a Micrometer timer in its own code, recorded through
 * the Micrometer bridge.
 */
final class WebappProgram implements ExampleProgram {

  static volatile double sink;

  @Override
  public String name() {
    return "webapp";
  }

  @Override
  public String summary() {
    return "a Jetty app with the Servlet filter and the Micrometer bridge: its slow request profiled, an alert on a Micrometer timer";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: java -jar perf-examples.jar webapp [--port N] [--duration S]",
        "",
        "Starts a Jetty 12 application on 127.0.0.1 with /catalog (fast), /checkout (its own",
        "Micrometer timer, checkout.latency, slower now and then) and /report (slow: CPU in",
        "buildReport), PerfkitFilter on every request, a PerfkitMeterRegistry with Micrometer's",
        "JVM memory binder, and /prometheus. It sends itself requests for S seconds, then",
        "prints: the profile of a slow /report request and its top methods, the Micrometer",
        "metrics in /prometheus, and the SlowCheckout alert (a rule on the Micrometer timer)",
        "firing and capturing a CPU profile.",
        "",
        "  --port N      port (default 0: any free port)",
        "  --duration S  how long it sends requests (default 6, 3 to 300)");
  }

  /** {@code GET /catalog}: fast. */
  static final class Catalog extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.getWriter().write("catalog");
    }
  }

  /** {@code POST /checkout}: timed by the application's own Micrometer timer. */
  static final class Checkout extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Timer latency;
    private long n;

    Checkout(Timer latency) {
      this.latency = latency;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
      long slowOne;
      synchronized (this) {
        slowOne = n++ % 4;
      }
      latency.record(() -> busy(slowOne == 0 ? 150 : 5));
      res.getWriter().write("ordered");
    }
  }

  /** {@code GET /report}: slow, its CPU in {@link #buildReport}. */
  static final class Report extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      buildReport(400);
      res.getWriter().write("report");
    }
  }

  /** {@code GET /prometheus}: the monitor's exposition, Micrometer's meters included. */
  static final class Prometheus extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Monitor monitor;

    Prometheus(Monitor monitor) {
      this.monitor = monitor;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.setContentType(PrometheusFormat.TEXT_CONTENT_TYPE);
      res.getWriter().write(PrometheusFormat.text(monitor.snapshot()));
    }
  }

  static void buildReport(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    double x = 1;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        x = x * 0.9999999 + 1e-9;
      }
    }
    sink = x;
  }

  private static void busy(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    double x = 1;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        x = x * 1.0000001 + 1e-9;
      }
    }
    sink = x;
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("--port", "--duration"), Set.of());
    int port = a.integer("--port", 0, 0, 65535);
    int seconds = a.integer("--duration", 6, 3, 300);
    Path work = Files.createTempDirectory("perfkit-webapp");
    BlockingQueue<CaptureResult> requestProfiles = new LinkedBlockingQueue<>();
    BlockingQueue<CaptureResult> alertProfiles = new LinkedBlockingQueue<>();
    // a short window, so the exposition's percentiles fill within a short run
    try (Monitor monitor = Monitor.builder().window(Duration.ofSeconds(10), 5).build().start();
        ContinuousRecorder recorder = ContinuousRecorder.builder(work.resolve("flight")).maxAge(Duration.ofMinutes(2)).maxSize(64L << 20).build().start();
        RequestProfiler requests = RequestProfiler.builder(recorder, requestProfiles::add)
            .thresholds(Duration.ofMillis(300), Duration.ofSeconds(5))
            .slowTrigger(ProfileTrigger.builder("slow").sampleRate(1.0).rateLimit(3, Duration.ofMinutes(1)).build()).build();
        Profiler profiler = Profiler.builder().workDir(work.resolve("captures")).build();
        AlertManager alerts = AlertManager.builder().build()) {
      PerfkitMeterRegistry micrometer = PerfkitMeterRegistry.builder(monitor).build();
      new JvmMemoryMetrics().bindTo(micrometer);
      Timer checkoutLatency = Timer.builder("checkout.latency").description("Checkout, timed by the application")
          .register(micrometer);
      AlertCaptures captures = AlertCaptures.builder(profiler, alertProfiles::add).duration(Duration.ofSeconds(1)).build();
      alerts.addRule(AlertRules.quantile("SlowCheckout", "checkout.latency", 0.99).above(Duration.ofMillis(100))
              .labels(Labels.of(ProfileLabels.PROFILE, ProfileType.CPU.wireName())).message("p99 of checkout is {{value}} s")
              .build())
          .addListener(e -> {
            if (e.kind() == AlertEvent.Kind.FIRING) {
              out.println("alert firing: " + e.rule() + " (" + e.message() + ")");
              captures.fired(e.rule(), e.labels());
            }
          })
          .attach(monitor);

      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(port);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.addServlet(new ServletHolder(new Catalog()), "/catalog");
      context.addServlet(new ServletHolder(new Checkout(checkoutLatency)), "/checkout");
      context.addServlet(new ServletHolder(new Report()), "/report");
      context.addServlet(new ServletHolder(new Prometheus(monitor)), "/prometheus");
      FilterHolder filter = new FilterHolder(PerfkitFilter.builder(monitor).requestProfiler(requests).build());
      filter.setAsyncSupported(true);
      context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
      server.setHandler(context);
      try {
        server.start();
      } catch (IOException e) {
        server.stop();
        throw new UsageException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
      }
      try {
        String base = "http://127.0.0.1:" + connector.getLocalPort();
        ServiceLifetime.announce(out, base + "/");
        drive(base, seconds);
        report(out, base, monitor, requestProfiles, alertProfiles);
      } finally {
        server.stop();
        micrometer.close();
      }
    }
    return 0;
  }

  /** Mostly the catalog, a checkout every few requests, a slow report now and then. */
  private static void drive(String base, int seconds) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (long i = 0; System.nanoTime() < end; i++) {
      HttpRequest req = i % 40 == 39 ? HttpRequest.newBuilder(URI.create(base + "/report")).build()
          : i % 3 == 0 ? HttpRequest.newBuilder(URI.create(base + "/checkout")).POST(HttpRequest.BodyPublishers.noBody()).build()
          : HttpRequest.newBuilder(URI.create(base + "/catalog")).build();
      http.send(req, HttpResponse.BodyHandlers.discarding());
    }
  }

  private static void report(PrintStream out, String base, Monitor monitor, BlockingQueue<CaptureResult> requestProfiles,
      BlockingQueue<CaptureResult> alertProfiles) throws Exception {
    out.println();
    out.println("== slow requests, profiled by the filter");
    CaptureResult slow = requestProfiles.poll(20, TimeUnit.SECONDS);
    if (slow == null) {
      out.println("  none");
    } else {
      Labels l = slow.metadata().labels();
      out.printf("  %s %s %s ms -> %s%n", l.get(ProfileLabels.METHOD).orElse("?"), l.get(ProfileLabels.PATH).orElse("?"),
          l.get(ProfileLabels.DURATION_MS).orElse("?"), slow.file());
      StackProfile p = StackProfile.read(slow.file(), ProfileType.CPU, EventSelection.requestFilter(l));
      for (MethodStat m : p.topSelf(3)) {
        out.printf(Locale.ROOT, "    %5.1f%%  %s%n", m.selfPercent(), m.method());
      }
    }
    out.println();
    out.println("== Micrometer meters in /prometheus");
    String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    text.lines().filter(line -> line.startsWith("checkout_latency_seconds") || line.startsWith("jvm_memory_used_bytes{area=\"heap\""))
        .limit(8).forEach(line -> out.println("  " + line));
    text.lines().filter(line -> line.startsWith("http_server_requests_seconds_count")).forEach(line -> out.println("  " + line));
    out.println();
    out.println("== the alert on the Micrometer timer");
    CaptureResult fired = alertProfiles.poll(20, TimeUnit.SECONDS);
    out.println(fired == null ? "  did not fire"
        : "  captured " + fired.metadata().type().wireName() + " profile for alert "
            + fired.metadata().labels().get(ProfileLabels.ALERT).orElse("?") + ": " + fired.file());
  }
}
