package io.perfkit.examples;

import io.perfkit.api.ProfileLabels;
import io.perfkit.api.TimeSource;
import io.perfkit.api.Units;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.kernels.KernelRace;
import io.perfkit.kernels.RaceResult;
import io.perfkit.monitor.DistributionStats;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.Timer;
import io.perfkit.monitor.alert.AlertEvent;
import io.perfkit.profiler.analysis.EventSelection;
import io.perfkit.profiler.analysis.FlameGraph;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.memory.ClassHistogram;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole story in one command: a service is watched, its slow moments are caught and
 * profiled, the profiles are kept, and the report shows where the time went.
 */
final class TourProgram implements ExampleProgram {

  private static final String[] PATHS = {"/fast", "/slow", "/very-slow"};

  @Override
  public String name() {
    return "tour";
  }

  @Override
  public String summary() {
    return "the whole story: watch a service, catch its slow moments, profile, keep, explain";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: java -jar perf-examples.jar tour [--port N] [--management-port N] [--duration S]",
        "                                        [--data DIR|URI] [--serve | --serve-for S]",
        "",
        "Starts the server example's service in-process (monitor, JVM health and alert rules,",
        "request profiling, collector, file: storage), drives a realistic load against it",
        "over HTTP for --duration seconds (mostly fast requests, some slow and very slow ones,",
        "and a burst that makes an alert fire), then prints a report: latency percentiles per",
        "endpoint, the alerts that fired and resolved, the profiles stored with their trigger",
        "and top frames, where each flame graph is, a short memory leak hunt (the memory",
        "example) and a quick kernel race.",
        "",
        "  --port N       the application's port (default 0: any free port)",
        "  --management-port N",
        "                 Perfkit's endpoints' port (default 0: any free port)",
        "  --duration S   length of the load in seconds (default 30)",
        "  --data DIR|URI profile storage: a directory (default ./perf-data), or a storage",
        "                 URI such as s3://bucket/prefix?endpoint=http://127.0.0.1:9000&pathStyle=true",
        "                 (credentials from the AWS default chain, or accessKey= and secretKey=);",
        "                 profiles carry service and instance, from PERFKIT_SERVICE and",
        "                 PERFKIT_INSTANCE or the host name",
        "  --serve        keep serving after the report until Ctrl+C, under a light load",
        "                 (/fast twice a second, /slow every 5 s, /very-slow every 20 s) so that",
        "                 /prometheus, /metrics and the alerts describe a live service",
        "  --serve-for S  the same for S seconds",
        "",
        "Profiles stay in the data directory across runs; the report lists this run's and",
        "counts the older ones. Delete the directory to clear it, or bound it with a storage",
        "URI: --data 'file:./perf-data?maxCount=200' (or maxAge=7d).");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("--port", "--management-port", "--duration", "--data", "--serve-for"), Set.of("--serve"));
    int port = a.integer("--port", 0, 0, 65535);
    int managementPort = a.integer("--management-port", 0, 0, 65535);
    int duration = a.integer("--duration", 30, 3, 3600);
    int serveFor = a.integer("--serve-for", 0, 0, 86_400);
    boolean serve = a.flag("--serve") || serveFor > 0;
    String data = a.string("--data", "perf-data");
    DemoService service;
    try {
      service = DemoService.start(port, managementPort, data, line -> { });
    } catch (BindException e) {
      throw new UsageException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad --data: " + e.getMessage());
    } catch (IOException e) {
      throw new UsageException(DemoService.isStorageUri(data) ? e.getMessage()
          : "cannot use data directory " + Path.of(data).toAbsolutePath() + ": " + e.getMessage());
    }
    try (DemoService s = service) {
      ServiceLifetime.announce(out, s.url(), s.managementUrl());
      out.println("profiles go to " + s.storageDescription() + " as service " + s.who.service() + ", instance " + s.who.instance());
      Instant runStart = Instant.now();
      Map<String, Timer> clientLatency = load(s, duration, out);
      report(out, s, clientLatency, serve, runStart);
      if (serve) {
        out.println();
        try (LightLoad light = new LightLoad(s.url())) {
          out.println("serving on " + s.url() + (serveFor > 0 ? " for " + serveFor + " s" : " until Ctrl+C") + " (try "
              + s.managementUrl() + "debug/profiles), under a light load: " + light.describe());
          out.flush();
          ServiceLifetime.await(serveFor, () -> { });
        }
      }
    }
    return 0;
  }

  // ------------------------------------------------------------------ load

  /** Drives the load; returns the client-side latency per endpoint. */
  private Map<String, Timer> load(DemoService s, int seconds, PrintStream out) throws Exception {
    Monitor client = Monitor.builder().timeSource(TimeSource.system()).build();
    Map<String, Timer> latency = new LinkedHashMap<>();
    for (String p : PATHS) {
      latency.put(p, client.timer("tour.client.latency", "path", p));
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService senders = Executors.newFixedThreadPool(6);
    AtomicLong sent = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long burstAt = start + TimeUnit.SECONDS.toNanos(Math.max(2, seconds * 2L / 5));
    Runnable worker = () -> {
      java.util.Random r = new java.util.Random();
      while (running.get() && System.nanoTime() < end) {
        int dice = r.nextInt(100);
        String path = dice < 90 ? "/fast" : "/slow";
        send(http, s.url(), path, latency.get(path), sent, failed);
        sleepMillis(dice < 90 ? 80 : 20);
      }
    };
    for (int i = 0; i < 3; i++) {
      senders.submit(worker);
    }
    senders.submit(() -> {
      // a very slow request every few seconds, the first early
      sleepMillis(500);
      while (running.get() && System.nanoTime() < end - TimeUnit.MILLISECONDS.toNanos(1500)) {
        send(http, s.url(), "/very-slow", latency.get("/very-slow"), sent, failed);
        sleepMillis(3000);
      }
    });
    senders.submit(() -> {
      while (System.nanoTime() < burstAt) {
        sleepMillis(50);
      }
      // the burst: 250 fast requests as quickly as two threads can send them
      for (int i = 0; i < 125 && running.get(); i++) {
        send(http, s.url(), "/fast", latency.get("/fast"), sent, failed);
      }
    });
    senders.submit(() -> {
      while (System.nanoTime() < burstAt) {
        sleepMillis(50);
      }
      for (int i = 0; i < 125 && running.get(); i++) {
        send(http, s.url(), "/fast", latency.get("/fast"), sent, failed);
      }
    });
    boolean terminal = System.console() != null;
    while (System.nanoTime() < end) {
      sleepMillis(terminal ? 250 : 2000);
      progress(out, s, sent.get(), failed.get(), (System.nanoTime() - start) / 1e9, seconds, terminal);
    }
    running.set(false);
    senders.shutdown();
    senders.awaitTermination(30, TimeUnit.SECONDS);
    if (terminal) {
      out.println();
    }
    // let the last snapshots reach storage, and the alert resolve
    sleepMillis(3000);
    client.tick();
    client.close();
    return latency;
  }

  private static void send(HttpClient http, String base, String path, Timer timer, AtomicLong sent, AtomicLong failed) {
    long t0 = System.nanoTime();
    try {
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + path.substring(1))).timeout(Duration.ofSeconds(30))
          .build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() != 200) {
        failed.incrementAndGet();
      }
    } catch (IOException e) {
      failed.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (timer != null) {
      timer.recordNanos(System.nanoTime() - t0);
    }
    sent.incrementAndGet();
  }

  private static void progress(PrintStream out, DemoService s, long sent, long failed, double elapsed, int total,
      boolean terminal) {
    MonitorSnapshot snap = s.monitor.snapshot();
    double p99 = snap.quantile("app.http.latency{path=/fast}", 0.99).orElse(Double.NaN);
    List<String> firing = new ArrayList<>();
    s.alerts.statuses().forEach(st -> {
      if (st.state() == io.perfkit.monitor.alert.AlertState.FIRING) {
        firing.add(st.rule());
      }
    });
    String line = String.format(Locale.ROOT, "%5.1fs/%ds  requests %d%s  p99 /fast %s  alerts firing: %s", elapsed, total, sent,
        failed > 0 ? " (" + failed + " failed)" : "", Double.isNaN(p99) ? "-" : Units.seconds(p99),
        firing.isEmpty() ? "none" : String.join(", ", firing));
    if (terminal) {
      int width = 30;
      int done = (int) Math.min(width, Math.round(width * elapsed / total));
      out.print("\r[" + "#".repeat(done) + " ".repeat(width - done) + "] " + line + "   ");
    } else {
      out.println(line);
    }
    out.flush();
  }

  // ------------------------------------------------------------------ report

  /**
   * What keeps a served tour alive: every endpoint called often enough that each of the monitor's
   * 30 s windows has traffic of it, on daemon threads, stopped on close.
   */
  private static final class LightLoad implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "tour-light-load");
      t.setDaemon(true);
      return t;
    });
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    LightLoad(String base) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
      timer.scheduleAtFixedRate(() -> send(http, base, "/fast", null, sent, failed), 0, 500, TimeUnit.MILLISECONDS);
      timer.scheduleAtFixedRate(() -> send(http, base, "/slow", null, sent, failed), 1, 5, TimeUnit.SECONDS);
      timer.scheduleAtFixedRate(() -> send(http, base, "/very-slow", null, sent, failed), 2, 20, TimeUnit.SECONDS);
    }

    String describe() {
      return "/fast twice a second, /slow every 5 s, /very-slow every 20 s";
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  private void report(PrintStream out, DemoService s, Map<String, Timer> latency, boolean serve, Instant runStart)
      throws Exception {
    out.println();
    out.println("== latency per endpoint (client side, whole run)");
    out.printf("  %-11s %7s %9s %9s %9s %9s%n", "endpoint", "count", "p50", "p90", "p99", "max");
    for (Map.Entry<String, Timer> e : latency.entrySet()) {
      DistributionStats d = e.getValue().lastTick();
      out.printf(Locale.ROOT, "  %-11s %7d %9s %9s %9s %9s%n", e.getKey(), d.count(), ms(d.p50()), ms(d.p90()), ms(d.p99()),
          ms(d.max()));
    }
    out.println();
    out.println("== alerts");
    if (s.alertEvents.isEmpty()) {
      out.println("  none fired");
    }
    for (AlertEvent e : s.alertEvents) {
      out.printf("  %s %-8s %-14s %s%n", e.time().toString().substring(11, 19), e.kind().name().toLowerCase(Locale.ROOT),
          e.rule(), e.message());
    }
    out.println();
    out.println("== profiles stored this run (" + s.collector.stored() + ", failed " + s.collector.failed() + ", dropped "
        + s.collector.dropped() + ")");
    Path flames = s.data.resolve("flamegraphs");
    Files.createDirectories(flames);
    for (StoredProfile p : s.storage.query(ProfileQuery.builder().since(runStart).limit(50).build())) {
      var l = p.metadata().labels();
      String trigger = l.get(ProfileLabels.TRIGGER).orElse("?") + l.get(ProfileLabels.PATH).map(x -> " " + x).orElse("")
          + l.get(ProfileLabels.DURATION_MS).map(x -> " " + x + " ms").orElse("") + l.get(ProfileLabels.ALERT).map(x -> " " + x).orElse("");
      List<String> top = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        l.get(ProfileLabels.top(i)).ifPresent(top::add);
      }
      out.printf("  %-11s %-28s top: %s%n", p.metadata().type().wireName(), trigger, top.isEmpty() ? "-" : String.join(", ", top));
      if (p.metadata().format().equals("jfr") && p.metadata().type() != ProfileType.HEAP) {
        if (serve) {
          out.println("      flame graph: " + s.managementUrl() + "debug/profiles/" + p.id() + "/flame");
        } else {
          Path html = flames.resolve(p.id() + ".html");
          writeFlameGraph(s, p, html);
          out.println("      flame graph: " + html.toAbsolutePath());
        }
      }
    }
    int older = s.storage.query(ProfileQuery.builder().until(runStart).limit(Integer.MAX_VALUE).build()).size();
    if (older > 0) {
      out.println("  and " + older + " from earlier runs in " + s.storageDescription()
          + " (delete it to clear them, or bound it: --data 'file:DIR?maxCount=200')");
    }
    out.println();
    out.println("== memory (the memory example's leak hunt, 3 s; run 'memory' for all of it)");
    MemoryProgram.Hunt hunt = MemoryProgram.hunt(3, Files.createDirectories(s.data.resolve("memory")),
        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    if (hunt.growth() != null) {
      for (ClassHistogram.Growth g : hunt.growth().growing(5)) {
        out.printf(Locale.ROOT, "  growing  %+,12d instances  %s%n", g.instancesDelta(), ClassHistogram.javaName(g.className()));
      }
    }
    hunt.oldObjects().candidates().stream().limit(2).forEach(c ->
        out.printf("  alive    %-40s allocated at %s%n", ClassHistogram.javaName(c.className()), c.site()));
    hunt.gc().findings().forEach(f -> out.println("  gc       " + f));
    if (hunt.alertProfile() != null) {
      out.println("  rule     " + hunt.alertProfile().metadata().labels().get(ProfileLabels.ALERT).orElse("?")
          + " fired and captured the " + hunt.alertProfile().metadata().type().wireName() + " profile it names");
    }
    out.println();
    out.println("== kernels (quick race: best verified variant per operation)");
    for (RaceResult r : KernelsProgram.bestPerOperation(KernelRace.quick().run())) {
      out.printf(Locale.ROOT, "  %-10s %-10s n=%-8d %14s  %7s %s%n", r.operation().wireName(), r.variant(), r.n(), r.rateText(),
          r.speedupText(), r.operation().oracle());
    }
  }

  private static void writeFlameGraph(DemoService s, StoredProfile p, Path html) throws IOException {
    Path tmp = Files.createTempFile("tour", ".jfr");
    try {
      try (InputStream in = s.storage.openContent(p.id())) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      StackProfile sp = StackProfile.read(tmp, p.metadata().type(), EventSelection.requestFilter(p.metadata().labels()));
      Files.writeString(html, FlameGraph.html(p.metadata().type().wireName() + " " + p.id(), sp));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String ms(long nanos) {
    return Units.seconds(nanos / 1e9);
  }

  private static void sleepMillis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
