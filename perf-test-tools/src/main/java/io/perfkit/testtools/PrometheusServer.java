package io.perfkit.testtools;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Prometheus server on loopback that scrapes one target, for tests that must hold against
 * the real scraper rather than our reading of its rules. Found through {@link ExternalTools}
 * (skipped on a developer's machine without it, failed under {@code CI=true}); its data and log
 * stay in the directory the test gives.
 */
public final class PrometheusServer implements AutoCloseable {

  private static final Pattern FIRST_VALUE = Pattern.compile("\"value\":\\[[-0-9.e+]+,\"([^\"]*)\"\\]");

  private final Process process;
  private final URI api;
  private final Path log;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, URI api, Path log) {
    this.process = process;
    this.api = api;
    this.log = log;
  }

  /**
   * Starts Prometheus scraping {@code http://127.0.0.1:port/metricsPath} every {@code interval}
   * (the scrape timeout equals the interval) as job {@code perfkit}.
   */
  public static PrometheusServer scrape(Path dir, int port, String metricsPath, Duration interval) throws IOException {
    return scrape(dir, List.of(port), metricsPath, interval, List.of());
  }

  /**
   * Starts Prometheus scraping {@code http://127.0.0.1:port/metricsPath} of every port in
   * {@code ports} as job {@code perfkit}, with {@code flags} on its command line (such as
   * {@code --enable-feature=native-histograms}).
   */
  public static PrometheusServer scrape(Path dir, List<Integer> ports, String metricsPath, Duration interval,
      List<String> flags) throws IOException {
    Path prometheus = ExternalTools.requireWorking("the Prometheus server; apt-get install prometheus", List.of("--version"),
        "prometheus");
    int webPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      webPort = free.getLocalPort();
    }
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    String every = interval.toMillis() + "ms";
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: " + every,
        "  scrape_timeout: " + every,
        "scrape_configs:",
        "  - job_name: perfkit",
        "    metrics_path: " + metricsPath,
        "    static_configs:",
        "      - targets: [" + String.join(", ", ports.stream().map(p -> "'127.0.0.1:" + p + "'").toList()) + "]",
        ""));
    Path log = dir.resolve("prometheus.log");
    List<String> cmd = new java.util.ArrayList<>(List.of(prometheus.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + webPort));
    cmd.addAll(flags);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PrometheusServer(p, URI.create("http://127.0.0.1:" + webPort + "/api/v1/query?query="), log);
  }

  /**
   * The JSON answer of an instant query.
   *
   * @throws IOException when Prometheus is not up yet or refuses the query (the message has its answer)
   */
  public String query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(api + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("Prometheus answered " + r.statusCode() + " to " + promql + ": " + r.body());
    }
    return r.body();
  }

  /** The value of the first series an instant query returns; empty when it returns none. */
  public Optional<String> value(String promql) throws IOException, InterruptedException {
    Matcher m = FIRST_VALUE.matcher(query(promql));
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * Waits until the target has been scraped successfully ({@code up} is 1).
   *
   * @throws AssertionError naming the log when that does not happen within {@code timeout}
   */
  public void awaitUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (value("up").filter("1"::equals).isPresent()) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Prometheus never scraped its target within " + timeout + "; see " + log);
  }

  /**
   * Waits until every one of {@code targets} targets has been scraped successfully.
   *
   * @throws AssertionError naming the log when that does not happen within {@code timeout}
   */
  public void awaitUp(int targets, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (value("count(up == 1)").filter(Integer.toString(targets)::equals).isPresent()) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Prometheus did not scrape all " + targets + " targets within " + timeout + "; see " + log);
  }

  /** Its log, to name in a failure. */
  public Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("Prometheus did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
