package io.perfkit.monitor.http;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.perfkit.monitor.DistributionStats;
import io.perfkit.monitor.HistoryPoint;
import io.perfkit.monitor.MetricId;
import io.perfkit.monitor.MetricSample;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertState;
import io.perfkit.monitor.alert.AlertStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The monitor's HTTP endpoints, on the JDK's {@code com.sun.net.httpserver}:
 * <ul>
 *   <li>{@code GET /metrics}: JSON of every metric's current values and statistics;</li>
 *   <li>{@code GET /metrics/{key}}: JSON history of one metric (404 when unknown, 400 when the
 *       name is invalid);</li>
 *   <li>{@code GET /health}: {@code {"status":"UP"}} with 200, or DOWN with 503 while a critical
 *       alert fires;</li>
 *   <li>{@code GET /alerts}: JSON of every rule's state;</li>
 *   <li>{@code GET /prometheus}: the text format 0.0.4, or OpenMetrics 1.0 when the Accept header
 *       asks for {@code application/openmetrics-text}.</li>
 * </ul>
 * The JDK server matches contexts by plain prefix ({@code /metrics} also receives
 * {@code /metricsfoo}), so every handler checks its exact path and answers 404 otherwise.
 * {@link #mount} adds the handlers to an application's own server (so the profiler's endpoints
 * can share it); {@link #start} makes a server bound to loopback with a bounded thread pool.
 */
public final class MonitorHttp {

  private MonitorHttp() {}

  /**
   * Adds the endpoints to {@code server}.
   *
   * @param alerts the alert manager, or null for a monitor without alerts
   */
  public static void mount(HttpServer server, Monitor monitor, AlertManager alerts) {
    server.createContext("/metrics", guarded(ex -> metrics(ex, monitor)));
    server.createContext("/health", guarded(ex -> {
      if (exact(ex, "/health")) {
        health(ex, monitor, alerts);
      }
    }));
    server.createContext("/alerts", guarded(ex -> {
      if (exact(ex, "/alerts")) {
        HttpExchanges.json(ex, 200, alerts == null ? List.of() : alertsJson(alerts.statuses()));
      }
    }));
    server.createContext("/prometheus", guarded(ex -> {
      if (exact(ex, "/prometheus")) {
        prometheus(ex, monitor.snapshot());
      }
    }));
  }

  /**
   * Starts a server on {@code address} (port 0 picks a free port) with the endpoints mounted and
   * a pool of {@code threads} handler threads whose queue holds 256 exchanges.
   *
   * @throws IOException when the address cannot be bound (the message names it)
   */
  public static HttpEndpointServer start(InetSocketAddress address, int threads, Monitor monitor, AlertManager alerts)
      throws IOException {
    HttpEndpointServer server = HttpEndpointServer.create(address, threads);
    mount(server.server(), monitor, alerts);
    server.start();
    return server;
  }

  /** Loopback, an ephemeral port, 4 handler threads. */
  public static HttpEndpointServer startOnLoopback(Monitor monitor, AlertManager alerts) throws IOException {
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, monitor, alerts);
  }

  // ------------------------------------------------------------------ handlers

  /** A handler body that may throw. */
  interface Body {
    void handle(HttpExchange ex) throws IOException;
  }

  static HttpHandler guarded(Body body) {
    return ex -> {
      try {
        if (HttpExchanges.getOnly(ex)) {
          body.handle(ex);
        }
      } catch (IOException e) {
        ex.close();
      } catch (RuntimeException e) {
        HttpExchanges.error(ex, 500, "internal error: " + e);
      }
    };
  }

  private static boolean exact(HttpExchange ex, String path) throws IOException {
    if (ex.getRequestURI().getRawPath().equals(path)) {
      return true;
    }
    HttpExchanges.error(ex, 404, "no endpoint at " + ex.getRequestURI().getRawPath());
    return false;
  }

  private static void metrics(HttpExchange ex, Monitor monitor) throws IOException {
    String raw = ex.getRequestURI().getRawPath();
    if (raw.equals("/metrics") || raw.equals("/metrics/")) {
      HttpExchanges.json(ex, 200, snapshotJson(monitor.snapshot()));
      return;
    }
    if (!raw.startsWith("/metrics/")) {
      HttpExchanges.error(ex, 404, "no endpoint at " + raw);
      return;
    }
    String key;
    try {
      key = URLDecoder.decode(raw.substring("/metrics/".length()).replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      HttpExchanges.error(ex, 400, "metric name in " + raw + " is not valid percent-encoding");
      return;
    }
    String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
    if (!MetricId.isValidName(name)) {
      HttpExchanges.error(ex, 400, "metric name '" + name + "' is invalid; use a letter or _ followed by [a-zA-Z0-9_.]");
      return;
    }
    Optional<List<HistoryPoint>> history = monitor.history(key);
    if (history.isEmpty()) {
      HttpExchanges.error(ex, 404, "no metric '" + key + "'");
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("metric", key);
    body.put("kind", monitor.kind(key).map(Enum::name).orElse(""));
    List<Map<String, Object>> points = new ArrayList<>();
    for (HistoryPoint p : history.get()) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("time", p.time().toString());
      p.fields().forEach((k, v) -> point.put(k, finite(v)));
      points.add(point);
    }
    body.put("points", points);
    HttpExchanges.json(ex, 200, body);
  }

  private static void health(HttpExchange ex, Monitor monitor, AlertManager alerts) throws IOException {
    boolean up = alerts == null || alerts.healthy();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("time", monitor.snapshot().time().toString());
    List<String> firing = new ArrayList<>();
    if (alerts != null) {
      for (AlertStatus s : alerts.statuses()) {
        if (s.state() == AlertState.FIRING) {
          firing.add(s.rule());
        }
      }
    }
    body.put("firing", firing);
    HttpExchanges.json(ex, up ? 200 : 503, body);
  }

  private static void prometheus(HttpExchange ex, MonitorSnapshot snapshot) throws IOException {
    String accept = ex.getRequestHeaders().getFirst("Accept");
    if (accept != null && accept.contains("application/openmetrics-text")) {
      HttpExchanges.text(ex, 200, PrometheusFormat.OPENMETRICS_CONTENT_TYPE, PrometheusFormat.openMetrics(snapshot));
    } else {
      HttpExchanges.text(ex, 200, PrometheusFormat.TEXT_CONTENT_TYPE, PrometheusFormat.text(snapshot));
    }
  }

  // ------------------------------------------------------------------ JSON shapes

  static Map<String, Object> snapshotJson(MonitorSnapshot snapshot) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("time", snapshot.time().toString());
    body.put("tickSeconds", snapshot.tickSeconds());
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (MetricSample s : snapshot.samples().values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.id().name());
      m.put("tags", s.id().tags().asMap());
      m.put("kind", s.kind().name());
      m.put("value", finite(s.value()));
      if (s.isDistribution()) {
        m.put("rate", finite(s.rate()));
        m.put("unit", s.kind().name().equals("TIMER") ? "seconds" : "");
        m.put("tick", statsJson(s.tick(), s.unitScale()));
        m.put("window", statsJson(s.window(), s.unitScale()));
      } else if (!Double.isNaN(s.rate())) {
        m.put("rate", finite(s.rate()));
      }
      metrics.put(s.id().key(), m);
    }
    body.put("metrics", metrics);
    return body;
  }

  private static Map<String, Object> statsJson(DistributionStats d, double scale) {
    Map<String, Object> m = new LinkedHashMap<>();
    d.fields(scale).forEach((k, v) -> m.put(k, k.equals("count") ? (Object) d.count() : finite(v)));
    return m;
  }

  static List<Map<String, Object>> alertsJson(List<AlertStatus> statuses) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (AlertStatus s : statuses) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rule", s.rule());
      m.put("severity", s.severity().wireName());
      m.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
      m.put("labels", s.labels().asMap());
      m.put("for", s.forDuration().toString());
      m.put("keepFiringFor", s.keepFiringFor().toString());
      m.put("activeSince", s.activeSince() == null ? null : s.activeSince().toString());
      m.put("lastFired", s.lastFired() == null ? null : s.lastFired().toString());
      m.put("lastResolved", s.lastResolved() == null ? null : s.lastResolved().toString());
      m.put("metric", s.metric());
      m.put("value", finite(s.value()));
      m.put("message", s.message());
      out.add(m);
    }
    return out;
  }

  /** JSON has no NaN or infinity: those become null. */
  private static Object finite(double v) {
    return Double.isFinite(v) ? (Object) v : null;
  }

  /** Keeps the handler pool's shape in one place. */
  static ThreadPoolExecutor boundedPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("handler threads " + threads + " must be positive");
    }
    return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
        new ThreadFactoryBuilder().setNameFormat("perfkit-http-%d").setDaemon(true).build());
  }
}
