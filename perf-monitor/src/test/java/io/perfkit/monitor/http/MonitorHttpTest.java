package io.perfkit.monitor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perfkit.api.TimeSource;
import io.perfkit.api.alert.Severity;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.Counter;
import io.perfkit.monitor.JvmMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.Timer;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertRules;
import io.perfkit.testtools.ExternalTools;
import io.perfkit.testtools.PrometheusServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server on loopback, a real HTTP client, Prometheus's own promtool and an independent OpenMetrics parser. */
final class MonitorHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final long[] nanos = {0};
  private final Monitor monitor = Monitor.builder().timeSource(new TimeSource() {
    @Override
    public long nanoTime() {
      return nanos[0];
    }

    @Override
    public Instant now() {
      return Instant.ofEpochSecond(1_800_000_000L + nanos[0] / 1_000_000_000L);
    }
  }).window(Duration.ofSeconds(2), 1).build();
  private final AlertManager alerts = AlertManager.builder().build().attach(monitor);
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpEndpointServer server;
  private JvmMetrics jvm;

  @TempDir Path dir;

  @BeforeEach
  void start() throws IOException {
    jvm = JvmMetrics.builder(monitor).build();
    Counter requests = monitor.counter("http.server.requests", "method", "GET", "path", "/a \"quoted\" \\ path");
    Timer latency = monitor.timer("http.server.latency", "path", "/checkout");
    monitor.distribution("http.server.response.size.bytes").record(512);
    monitor.gauge("queue.depth", () -> 3);
    requests.increment(7);
    for (int i = 1; i <= 100; i++) {
      latency.record(i, TimeUnit.MILLISECONDS);
    }
    alerts.addRule(AlertRules.threshold("QueueDeep", "queue.depth").above(1).severity(Severity.CRITICAL).build());
    server = HttpEndpointServer.builder().loopbackPort(0).build();
    MonitorHttp.builder(monitor).alerts(alerts).build().mount(server.server());
    server.start();
    for (int i = 0; i < 2; i++) {
      nanos[0] += 1_000_000_000L;
      monitor.tick();
    }
  }

  @AfterEach
  void stop() {
    server.close();
    jvm.close();
    alerts.close();
    monitor.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void server_bindsLoopbackOnAnEphemeralPort() {
    assertTrue(server.url().startsWith("http://127.0.0.1:"), server.url());
    assertTrue(server.port() > 0);
  }

  @Test
  void metrics_isJsonOfEveryMetric() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonNode m = JSON.readTree(r.body()).get("metrics");
    JsonNode latency = m.get("http.server.latency{path=/checkout}");
    assertEquals("TIMER", latency.get("kind").asText());
    assertEquals(0.1, latency.get("window").get("max").asDouble(), 1e-9);
    assertEquals(0.099, latency.get("window").get("p99").asDouble(), 0.099 * 0.001);
    assertEquals(100, latency.get("count").asLong(), "recordings since start, though the last tick had none");
    assertTrue(latency.get("count").isIntegralNumber(), latency.toString());
    assertEquals(5.05, latency.get("sum").asDouble(), 1e-9);
    assertEquals("seconds", latency.get("unit").asText());
    assertFalse(latency.has("value"), "a timer has a count and a sum, not one value: " + latency);
    JsonNode histogram = latency.get("histogram");
    assertEquals(5, histogram.get("schema").asInt());
    long inBuckets = histogram.get("zeroCount").asLong();
    double previousBound = 0;
    for (JsonNode b : histogram.get("buckets")) {
      inBuckets += b.get("count").asLong();
      assertTrue(b.get("le").asDouble() > previousBound, histogram.toString());
      previousBound = b.get("le").asDouble();
    }
    assertEquals(100, inBuckets, "every value is in a bucket: " + histogram);
    assertEquals(0.1, previousBound, 0.1 * 0.022, "the last bucket holds 100 ms: " + histogram);
    JsonNode size = m.get("http.server.response.size.bytes");
    assertEquals(1, size.get("count").asLong());
    assertEquals(512, size.get("sum").asDouble());
    assertEquals(7, m.get("http.server.requests{method=GET,path=/a \"quoted\" \\ path}").get("value").asInt());
    assertTrue(m.has("jvm.memory.heap.used.bytes"));
  }

  @Test
  void metricsByName_isItsHistory_andBadOrUnknownNamesGet4xx() throws Exception {
    HttpResponse<String> r = get("/metrics/queue.depth");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode body = JSON.readTree(r.body());
    assertEquals(2, body.get("points").size());
    assertEquals(3, body.get("points").get(1).get("value").asInt());
    HttpResponse<String> tagged = get("/metrics/http.server.latency%7Bpath=%2Fcheckout%7D");
    assertEquals(200, tagged.statusCode(), tagged.body());

    HttpResponse<String> unknown = get("/metrics/no.such.metric");
    assertEquals(404, unknown.statusCode());
    assertEquals("no metric 'no.such.metric'", JSON.readTree(unknown.body()).get("error").asText());
    HttpResponse<String> bad = get("/metrics/..%2F..%2Fetc");
    assertEquals(400, bad.statusCode());
    assertTrue(JSON.readTree(bad.body()).get("error").asText().startsWith("metric name '../../etc' is invalid"), bad.body());
  }

  @Test
  void prefixLookalikesAndOtherMethods_areRefused() throws Exception {
    assertEquals(404, get("/metricsfoo").statusCode());
    assertEquals(404, get("/healthz").statusCode());
    assertEquals(404, get("/prometheus/x").statusCode());
    HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(server.url() + "metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
  }

  @Test
  void health_isDownWith503WhileACriticalAlertFires_andAlertsListIt() throws Exception {
    HttpResponse<String> h = get("/health");
    assertEquals(503, h.statusCode());
    JsonNode body = JSON.readTree(h.body());
    assertEquals("DOWN", body.get("status").asText());
    assertEquals("QueueDeep", body.get("firing").get(0).asText());
    JsonNode a = JSON.readTree(get("/alerts").body()).get(0);
    assertEquals("firing", a.get("state").asText());
    assertEquals("critical", a.get("severity").asText());
    alerts.removeRule("QueueDeep");
    HttpResponse<String> up = get("/health");
    assertEquals(200, up.statusCode());
    assertEquals("UP", JSON.readTree(up.body()).get("status").asText());
  }

  @Test
  void prometheus_sendsTheSameBytesWithinATick_andTheNewTickAfterIt() throws Exception {
    String first = get("/prometheus").body();
    assertEquals(first, get("/prometheus").body());
    String openMetrics = get("/prometheus", "Accept", "application/openmetrics-text; version=1.0.0").body();
    assertTrue(openMetrics.endsWith("# EOF\n"), "each format is kept apart");
    monitor.counter("http.server.requests", "method", "GET", "path", "/a \"quoted\" \\ path").increment(5);
    nanos[0] += 1_000_000_000L;
    monitor.tick();
    String next = get("/prometheus").body();
    assertTrue(next.contains("http_server_requests_total{method=\"GET\",path=\"/a \\\"quoted\\\" \\\\ path\"} 12\n"), next);
    assertTrue(get("/prometheus", "Accept", "application/openmetrics-text; version=1.0.0").body()
        .contains("http_server_requests_total{method=\"GET\",path=\"/a \\\"quoted\\\" \\\\ path\"} 12\n"));
  }

  @Test
  void prometheus_speaksProtobufWhenPrometheusAsksForIt_andTextForAnAcceptItDoesNotKnow() throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "prometheus")).header("Accept",
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
            + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2");
    HttpResponse<byte[]> proto = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(PrometheusProtobuf.CONTENT_TYPE, proto.headers().firstValue("Content-Type").orElse(""));
    io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_31_1.Metrics.MetricFamily first =
        io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_31_1.Metrics.MetricFamily
            .parseDelimitedFrom(new java.io.ByteArrayInputStream(proto.body()));
    assertTrue(first != null && !first.getName().isEmpty(), "a delimited MetricFamily");
    HttpResponse<String> odd = get("/prometheus", "Accept", "image/png");
    assertEquals(200, odd.statusCode());
    assertEquals(PrometheusFormat.TEXT_CONTENT_TYPE, odd.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void aRealPrometheusServer_scrapesEverySample_andStoresOurValues() throws Exception {
    try (PrometheusServer prometheus = PrometheusServer.scrape(dir.resolve("prometheus"), server.port(), "/prometheus",
        Duration.ofSeconds(1))) {
      long samples = get("/prometheus").body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
      prometheus.awaitUp(Duration.ofSeconds(60));
      JsonNode requests = promQuery(prometheus, "http_server_requests_total");
      assertEquals(1, requests.size(), "Prometheus stored the counter; see " + prometheus.log());
      assertEquals("7", requests.get(0).get("value").get(1).asText());
      assertEquals("/a \"quoted\" \\ path", requests.get(0).get("metric").get("path").asText());
      JsonNode scraped = promQuery(prometheus, "scrape_samples_scraped");
      assertEquals(samples, scraped.get(0).get("value").get(1).asLong(), "Prometheus took every sample line");
    }
  }

  private static JsonNode promQuery(PrometheusServer prometheus, String query) throws Exception {
    return JSON.readTree(prometheus.query(query)).get("data").get("result");
  }

  @Test
  void prometheus_text004_passesPromtoolWithoutErrorOrLintWarning() throws Exception {
    Path promtool = ExternalTools.requireWorking("Prometheus's linter; apt-get install prometheus", java.util.List.of("--version"), "promtool");
    HttpResponse<String> r = get("/prometheus");
    assertEquals(200, r.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    String body = r.body();
    assertTrue(body.contains("# TYPE http_server_latency_seconds summary\n"), body);
    assertTrue(body.contains("http_server_latency_seconds{path=\"/checkout\",quantile=\"0.99\"} 0.099"), body);
    assertTrue(body.contains("http_server_requests_total{method=\"GET\",path=\"/a \\\"quoted\\\" \\\\ path\"} 7\n"), body);
    assertTrue(body.contains("http_server_latency_seconds_count{path=\"/checkout\"} 100\n"), body);

    assertPromtoolClean(promtool, body);
  }

  /** {@code promtool check metrics} on {@code body}: exit 0, and not one lint line. */
  private static void assertPromtoolClean(Path promtool, String body) throws Exception {
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "promtool:\n" + out + "\non:\n" + body);
    assertEquals("", out.trim(), "promtool lint:\n" + out);
  }

  @Test
  void prometheus_fleetLabels_goOnEverySeries_aMetricsOwnTagWins_andPassPromtool() throws Exception {
    Path promtool = ExternalTools.requireWorking("Prometheus's linter; apt-get install prometheus", java.util.List.of("--version"), "promtool");
    monitor.counter("jobs.done", "instance", "worker-3").increment(2);
    nanos[0] += 1_000_000_000L;
    monitor.tick();
    HttpEndpointServer fleet = HttpEndpointServer.builder().loopbackPort(0).build();
    try {
      MonitorHttp.builder(monitor).alerts(alerts).exposedLabels(new io.perfkit.api.ServiceInstance("checkout", "checkout-7f9c").labels()).build().mount(fleet.server());
      fleet.start();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(fleet.url() + "prometheus")).build(),
          HttpResponse.BodyHandlers.ofString());
      String body = r.body();
      assertTrue(body.contains("http_server_requests_total{instance=\"checkout-7f9c\",method=\"GET\",path=\"/a \\\"quoted\\\" \\\\ path\","
          + "service=\"checkout\"} 7\n"), body);
      assertTrue(body.contains("http_server_latency_seconds{instance=\"checkout-7f9c\",path=\"/checkout\",service=\"checkout\","
          + "quantile=\"0.99\"} 0.099"), body);
      assertTrue(body.contains("jobs_done_total{instance=\"worker-3\",service=\"checkout\"} 2\n"), body);
      for (String line : body.split("\n")) {
        assertTrue(line.startsWith("#") || line.contains("service=\"checkout\""), "every series: " + line);
      }
      assertFalse(get("/prometheus").body().contains("service="), "the plain exposition is unchanged");
      assertPromtoolClean(promtool, body);
    } finally {
      fleet.close();
    }
  }

  @Test
  void prometheus_openMetrics_parsesWithAnIndependentParser_andEndsWithEof() throws Exception {
    Path python = ExternalTools.requireWorking("the OpenMetrics parser of python3-prometheus-client; apt-get install python3-prometheus-client",
        java.util.List.of("-c", "import prometheus_client.openmetrics.parser"), "/usr/bin/python3");
    HttpResponse<String> r = get("/prometheus", "Accept", "application/openmetrics-text; version=1.0.0");
    assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(r.body().endsWith("# EOF\n"));
    Path file = dir.resolve("metrics.om");
    Files.writeString(file, r.body());
    String script = String.join("\n",
        "import sys",
        "from prometheus_client.openmetrics.parser import text_string_to_metric_families",
        "fams = list(text_string_to_metric_families(open(sys.argv[1]).read()))",
        "for f in fams:",
        "    print(f.name, f.type, len(f.samples))");
    Process p = new ProcessBuilder(python.toString(), "-c", script, file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out + "\non:\n" + r.body());
    assertTrue(out.contains("http_server_latency_seconds summary 6"), out);
    assertTrue(out.contains("http_server_requests counter 1"), out);
  }

  @Test
  void takenPort_isAClearError() throws Exception {
    InetSocketAddress taken = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    BindException e = org.junit.jupiter.api.Assertions.assertThrows(BindException.class,
        () -> HttpEndpointServer.builder().address(taken).build());
    assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + server.port()), e.getMessage());
  }
}
