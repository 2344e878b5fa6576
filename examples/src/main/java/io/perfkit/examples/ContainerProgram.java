package io.perfkit.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.Quantiles;
import io.perfkit.api.Units;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.ContainerMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.alert.AlertEvent;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.RulesFile;
import io.perfkit.profiler.analysis.EventSelection;
import io.perfkit.profiler.analysis.IoReport;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.trigger.ProfileTrigger;
import io.perfkit.profiler.trigger.RequestProfiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The course's system and I/O chapters: a service under a CPU quota, as in a container, whose
 * latency jumps when a batch job burns the quota, and a handler that waits on a slow file and a
 * slow backend. The program names the quota as the cause of the slow requests, and the file and
 * the host as the causes of the I/O waits.
 */
final class ContainerProgram implements ExampleProgram {

  static volatile double sink;

  /** Requests slower than this are profiled. */
  static final Duration SLOW = Duration.ofMillis(50);

  @Override
  public String name() {
    return "container";
  }

  @Override
  public String summary() {
    return "a service under a CPU quota: throttling named as the cause of slow requests, and the file and host behind I/O waits";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: java -jar perf-examples.jar container [--duration S] [--cpus C] [--no-limit]",
        "",
        "Puts this JVM in a cgroup of its own with a CPU quota of C CPUs, as `docker run",
        "--cpus C` would (this needs root and a writable cgroup file system; without them,",
        "or with --no-limit, it runs unlimited and says so). It serves /price (a few",
        "milliseconds of computing) and /catalog (which reads a slow file and asks a slow",
        "backend on loopback), drives both for S seconds after a short warm-up, and starts",
        "a batch job that burns two CPUs halfway through. Then it prints /price's latency before and during",
        "the job beside the share of quota periods throttled, the ContainerCpuThrottled",
        "health rule firing, what the slowest request's profile says held it back, and the",
        "I/O report of a /catalog request: which file and which host:port it waited on,",
        "for how long, and how many bytes.",
        "",
        "  --duration S  how long the service runs (default 8, 4 to 120)",
        "  --cpus C      the quota in CPUs (default 1, 0.1 to 4)",
        "  --no-limit    run without a CPU quota");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("--duration", "--cpus"), Set.of("--no-limit"));
    int seconds = a.integer("--duration", 8, 4, 120);
    double cpus = cpus(a.string("--cpus", "1"));
    CpuQuota quota = null;
    if (!a.flag("--no-limit")) {
      try {
        quota = CpuQuota.confine(cpus);
        out.println("CPU quota: " + quota);
      } catch (IOException | SecurityException e) {
        out.println("no CPU quota could be set (" + e.getMessage() + "); running without one, so nothing is throttled");
      }
    } else {
      out.println("no CPU quota (--no-limit): nothing is throttled");
    }
    try {
      serve(seconds, quota, out);
    } finally {
      if (quota != null) {
        quota.close();
      }
    }
    return 0;
  }

  static double cpus(String v) {
    double c;
    try {
      c = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException("option --cpus takes a number of CPUs such as 0.5; got '" + v + "'");
    }
    if (!(c >= 0.1 && c <= 4)) {
      throw new UsageException("option --cpus must be between 0.1 and 4; got " + v);
    }
    return c;
  }

  /** The latencies of one phase and the throttling the kernel counted in it. */
  record Phase(String name, long[] sortedMillis, double throttledShare) {
    String line() {
      long slow = java.util.Arrays.stream(sortedMillis).filter(m -> m > SLOW.toMillis()).count();
      return String.format(Locale.ROOT, "%-10s /price p50 %3d ms, p99 %3d ms, %3d of %3d over %d ms; quota ran out in %s of periods",
          name, Quantiles.nearestRank(sortedMillis, 0.5), Quantiles.nearestRank(sortedMillis, 0.99), slow, sortedMillis.length,
          SLOW.toMillis(), Double.isNaN(throttledShare) ? "(no quota)" : Units.percent(throttledShare));
    }
  }

  /** Serves and drives the service under {@code quota} (null: none), then leaves it and explains what it saw. */
  private static void serve(int seconds, CpuQuota quota, PrintStream out) throws Exception {
    Path work = Files.createTempDirectory("perfkit-container");
    Path slowFile = work.resolve("inventory.fifo");
    LinkedBlockingQueue<CaptureResult> profiles = new LinkedBlockingQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    try (Monitor monitor = Monitor.builder().tick(Duration.ofMillis(250)).build();
        ContainerMetrics container = ContainerMetrics.builder(monitor).build();
        ContinuousRecorder recorder = ContinuousRecorder.builder(work.resolve("flight")).maxAge(Duration.ofMinutes(2))
            .maxSize(64L << 20).build().start();
        RequestProfiler requests = RequestProfiler.builder(recorder, profiles::add)
            .thresholds(SLOW, Duration.ofSeconds(30)).threadCpuTime(true).cpuThrottling(container)
            .slowTrigger(ProfileTrigger.builder("slow").sampleRate(1).rateLimit(200, Duration.ofMinutes(1)).build()).build();
        AlertManager alerts = AlertManager.builder().build();
        SlowBackend backend = new SlowBackend(Duration.ofMillis(80));
        SlowFile file = new SlowFile(slowFile, Duration.ofMillis(60))) {
      alerts.addInstalledRules().overrideRules(RulesFile.parse(String.join("\n",
          "alert ContainerCpuThrottled",
          "  expr value(container.cpu.throttled.fraction) > 0.25",
          "  for 1s",
          "  labels profile=cpu",
          "  message the CPU quota ran out in {{value.human}} of its periods"), "container-demo.rules"));
      alerts.addListener(e -> {
        if (e.rule().startsWith("Container")) {
          out.println("alert " + e.kind().name().toLowerCase(Locale.ROOT) + ": " + e.rule() + " (" + e.message() + ")");
        }
      }).attach(monitor);
      monitor.start();

      try (HttpEndpointServer shop = HttpEndpointServer.builder().name("shop").handlerThreads(4).build()) {
        HttpServer server = shop.server();
        server.createContext("/price", ex -> respond(ex, Double.toString(price(4)))).getFilters().add(requests.filter());
        server.createContext("/catalog", ex -> respond(ex, catalog(slowFile, backend.port()))).getFilters().add(requests.filter());
        shop.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        ConcurrentLinkedQueue<Long> catalogMillis = new ConcurrentLinkedQueue<>();
        Thread catalogClient = new Thread(() -> drive(base + "/catalog", running, Duration.ofMillis(400), catalogMillis),
            "catalog-client");
        catalogClient.start();
        Duration half = Duration.ofMillis(seconds * 500L);
        phase("warm-up", base + "/price", Duration.ofSeconds(2), monitor);  // compiled before it is measured
        profiles.clear();
        Phase calm = phase("calm", base + "/price", half, monitor);
        out.println(calm.line());
        Thread job = new Thread(() -> burn(2, half.plusMillis(300)), "batch-job");
        job.start();
        Phase busy = phase("batch job", base + "/price", half, monitor);
        out.println(busy.line());
        running.set(false);
        job.join();
        catalogClient.join();
      }
      if (quota != null) {
        quota.close();  // the analysis below is not the service's: it runs outside the quota
      }
      Thread.sleep(500);  // the last snapshots reach the queue
      List<CaptureResult> slow = new ArrayList<>();
      profiles.drainTo(slow);
      out.println();
      explainSlowest(out, slow, "/price");
      out.println();
      explainIo(out, slow);
    }
  }

  /** Drives {@code url} one request at a time for {@code length}; the latencies, sorted, and the throttling. */
  private static Phase phase(String name, String url, Duration length, Monitor monitor) {
    MonitorSnapshot before = monitor.snapshot();  // the last tick's: ticking here would split the rule's tick
    ConcurrentLinkedQueue<Long> millis = new ConcurrentLinkedQueue<>();
    AtomicBoolean on = new AtomicBoolean(true);
    Thread stop = new Thread(() -> {
      sleep(length.toMillis());
      on.set(false);
    });
    stop.start();
    drive(url, on, Duration.ofMillis(20), millis);
    sleep(300);  // one tick more, so the phase's end is counted
    MonitorSnapshot after = monitor.snapshot();
    double periods = delta(before, after, "container.cpu.periods");
    double throttled = delta(before, after, "container.cpu.throttled.periods");
    long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Phase(name, sorted, periods > 0 ? throttled / periods : Double.NaN);
  }

  private static double delta(MonitorSnapshot before, MonitorSnapshot after, String counter) {
    return after.value(counter).orElse(Double.NaN) - before.value(counter).orElse(Double.NaN);
  }

  private static void drive(String url, AtomicBoolean on, Duration pause, ConcurrentLinkedQueue<Long> millis) {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    while (on.get()) {
      long t0 = System.nanoTime();
      try {
        client.send(request, HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      sleep(pause.toMillis());
    }
  }

  /** What held the slowest request on {@code path} back, from its profile's labels. */
  private static void explainSlowest(PrintStream out, List<CaptureResult> slow, String path) {
    Optional<Labels> slowest = slow.stream().map(r -> r.metadata().labels())
        .filter(l -> l.get(ProfileLabels.PATH).orElse("").equals(path))
        .max(Comparator.comparingLong(l -> millis(l, ProfileLabels.DURATION_MS)));
    if (slowest.isEmpty()) {
      out.println("no " + path + " request was slow (over " + SLOW.toMillis() + " ms)");
      return;
    }
    Labels l = slowest.get();
    long total = millis(l, ProfileLabels.DURATION_MS);
    long cpu = millis(l, ProfileLabels.CPU_MS);
    long throttled = millis(l, ProfileLabels.CPU_THROTTLED_MS);
    out.printf(Locale.ROOT, "slowest %s request: %d ms, on CPU %d ms, held back by the CPU quota %d ms%n", path, total, cpu,
        throttled);
    // the kernel counts throttled time per CPU the cgroup's threads waited on: at most the
    // request's wall time is the request's own
    long held = Math.min(throttled, total);
    // the quota is the cause when it held the request back longer than the request computed and
    // for a good part of it; the rest is waiting for a CPU the batch job was using
    out.println(held > cpu && held * 4 >= total
        ? "cause: the CPU quota: the container was throttled for " + Units.percent((double) held / total)
            + " of the request, which needed only " + cpu + " ms of CPU; the rest it waited for a CPU"
        : "cause: not the quota; it was throttled " + throttled + " ms of " + total + " ms");
  }

  private static long millis(Labels l, String key) {
    return l.get(key).map(Long::parseLong).orElse(0L);
  }

  /** The I/O report of the slowest /catalog request, from its own snapshot. */
  private static void explainIo(PrintStream out, List<CaptureResult> slow) throws IOException {
    Optional<CaptureResult> catalog = slow.stream()
        .filter(r -> r.metadata().labels().get(ProfileLabels.PATH).orElse("").equals("/catalog"))
        .max(Comparator.comparingLong(r -> millis(r.metadata().labels(), ProfileLabels.DURATION_MS)));
    if (catalog.isEmpty()) {
      out.println("no /catalog request was slow (over " + SLOW.toMillis() + " ms)");
      return;
    }
    Labels l = catalog.get().metadata().labels();
    IoReport io = IoReport.read(catalog.get().file(), EventSelection.requestFilter(l), IoReport.Grouping.FILE, 5);
    out.println("slowest /catalog request: " + millis(l, ProfileLabels.DURATION_MS) + " ms; its I/O:");
    out.print(io.text());
    List<String> causes = new ArrayList<>();
    io.files().stream().filter(t -> !t.name().equals(IoReport.OTHER)).findFirst()
        .ifPresent(t -> causes.add("the file " + t.name() + " (" + Units.duration(t.time()) + ")"));
    io.sockets().stream().filter(t -> !t.name().equals(IoReport.OTHER)).findFirst()
        .ifPresent(t -> causes.add("the host " + t.name() + " (" + Units.duration(t.time()) + ")"));
    out.println(causes.isEmpty() ? "no I/O wait over the recorder's threshold" : "cause of the I/O waits: " + String.join(" and ", causes));
  }

  /** {@code /price}: a few milliseconds of arithmetic. */
  static double price(int millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    double x = 1;
    while (System.nanoTime() < end) {
      for (int k = 0; k < 1_000; k++) {
        x = x * 1.0000001 + 1e-9;
      }
    }
    sink = x;
    return x;
  }

  /** {@code /catalog}: the inventory file, then the stock from the backend. */
  static String catalog(Path inventory, int backendPort) throws IOException {
    byte[] items;
    try (InputStream in = Files.newInputStream(inventory)) {
      items = in.readNBytes(SlowFile.CHUNK);
    }
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
      s.getOutputStream().write("stock\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      byte[] stock = s.getInputStream().readAllBytes();
      return items.length + " items, " + stock.length + " bytes of stock";
    }
  }

  private static void respond(HttpExchange ex, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  private static void burn(int threads, Duration d) {
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> price((int) d.toMillis()), "batch-job-" + i);
      t.start();
      ts.add(t);
    }
    for (Thread t : ts) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A backend on loopback that answers each connection after a delay: a slow socket. */
  static final class SlowBackend implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    SlowBackend(Duration delay) throws IOException {
      socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            s.getInputStream().read(new byte[64]);
            Thread.sleep(delay.toMillis());
            s.getOutputStream().write(new byte[2048]);
          } catch (IOException | InterruptedException e) {
            // closed, or the client went away: serve the next one
          }
        }
      }, "slow-backend");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /**
   * A named pipe whose writer waits before each answer: a file whose reads are slow, as on a
   * saturated disk or a network file system. Each reader gets 4 KiB after {@code delay}.
   */
  static final class SlowFile implements AutoCloseable {
    static final int CHUNK = 4096;
    private final Path fifo;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    SlowFile(Path fifo, Duration delay) throws IOException, InterruptedException {
      this.fifo = fifo;
      Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
      if (mkfifo.waitFor() != 0) {
        throw new IOException("mkfifo " + fifo + " failed: " + new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      thread = new Thread(() -> {
        while (running.get()) {
          try (OutputStream o = Files.newOutputStream(fifo)) {  // blocks until a reader opens it
            Thread.sleep(delay.toMillis());
            o.write(new byte[CHUNK]);
          } catch (IOException e) {
            // the reader left before its answer: wait for the next one
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "slow-file");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws IOException {
      running.set(false);
      // the writer may wait in open() for a reader: one of our own releases it (and if the
      // writer has gone, this reader waits in open() instead, on a daemon thread, until exit)
      Thread release = new Thread(() -> {
        try (InputStream in = Files.newInputStream(fifo)) {
          in.readAllBytes();
        } catch (IOException e) {
          // the pipe is gone
        }
      }, "slow-file-release");
      release.setDaemon(true);
      release.start();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Files.deleteIfExists(fifo);
    }
  }
}
