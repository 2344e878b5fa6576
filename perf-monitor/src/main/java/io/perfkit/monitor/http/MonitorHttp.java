package io.perfkit.monitor.http;

import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Identifiers;
import io.perfkit.api.Labels;
import io.perfkit.http.HandlerLoad;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.http.HttpError;
import io.perfkit.http.Request;
import io.perfkit.http.Response;
import io.perfkit.http.Routes;
import io.perfkit.monitor.CounterSample;
import io.perfkit.monitor.DistributionSample;
import io.perfkit.monitor.DistributionStats;
import io.perfkit.monitor.NativeHistogram;
import io.perfkit.monitor.GaugeSample;
import io.perfkit.monitor.HistoryPoint;
import io.perfkit.monitor.MetricId;
import io.perfkit.monitor.MetricSample;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertState;
import io.perfkit.monitor.alert.AlertStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The monitor's HTTP endpoints, as a {@link Routes} table:
 * <ul>
 *   <li>{@code GET /metrics}: JSON of every metric's current values and statistics: its
 *       {@code name}, {@code labels} and {@code kind}; a counter's {@code value} (its total since
 *       start) and {@code rate} per second; a gauge's {@code value}; a timer's or distribution's
 *       {@code count} and {@code sum} since start (the {@code _count} and {@code _sum} of
 *       {@code /prometheus}), the {@code unit} of its sum and statistics ({@code seconds} for a
 *       timer), its {@code rate} of recordings per second, its {@code tick} and
 *       {@code window} statistics, and its {@code histogram}: the buckets since start that add
 *       across instances ({@link #histogramJson});</li>
 *   <li>{@code GET /metrics/{key}}: JSON history of one metric (404 when unknown, 400 when the
 *       name is invalid), and for a timer or distribution its {@code histogram} since start;</li>
 *   <li>{@code GET /health}: {@code {"status":"UP"}} with 200, or DOWN with 503 while a critical
 *       alert fires; with the rules firing, and the load of every server registered with
 *       {@link ServerLoadMetrics} ({@code "servers"}: handler threads, busy, queued, rejected,
 *       saturated) and the names of the saturated ones ({@code "saturated"}), so that an
 *       overloaded application says so instead of timing out. Saturation alone does not turn
 *       the status DOWN: a liveness probe must not restart a JVM for being busy;</li>
 *   <li>{@code GET /alerts}: JSON of every rule's state;</li>
 *   <li>{@code GET /prometheus}: the text format 0.0.4; OpenMetrics 1.0 when the Accept header
 *       prefers {@code application/openmetrics-text}; Prometheus's protobuf format, whose
 *       timers and distributions are native histograms that add across instances
 *       ({@link PrometheusProtobuf}), when it prefers
 *       {@code application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited}
 *       (a Prometheus server with native histograms on asks for it). Any other Accept header gets
 *       the text format.</li>
 * </ul>
 * Every endpoint also answers {@code HEAD}; other methods get 405 with {@code Allow}, unknown
 * paths 404, both as JSON. Every answer is built from the last tick's snapshot, so a scrape
 * never touches the recording path and never waits for a tick; the Prometheus exposition is
 * rendered once per snapshot and format, and later scrapes within the tick send the same bytes. {@link #mount} adds the routes to
 * any JDK server: an {@link HttpEndpointServer}'s, an application's own, or one shared with the
 * profiler's endpoints.
 */
public final class MonitorHttp {

  private final Routes routes;

  private MonitorHttp(Builder b) {
    Monitor monitor = b.monitor;
    AlertManager alerts = b.alerts;
    RenderedExposition exposition = new RenderedExposition(b.exposedLabels);
    this.routes = Routes.create()
        .get("/metrics", r -> Response.json(200, snapshotJson(monitor.snapshot())))
        .get("/metrics/{key}", r -> history(monitor, r.pathParam("key")))
        .get("/health", r -> health(monitor, alerts))
        .get("/alerts", r -> Response.json(200, alerts == null ? List.of() : alertsJson(alerts.statuses())))
        .get("/prometheus", r -> exposition.answer(r, monitor.snapshot()));
  }

  /**
   * The one way to make the endpoints: {@code MonitorHttp.builder(monitor).alerts(alerts).build()},
   * then {@link #mount} them on a server ({@code HttpEndpointServer.builder()…build()}, or an
   * application's own) or take their {@link #routes} to add a bearer token.
   *
   * @throws NullPointerException when {@code monitor} is null
   */
  public static Builder builder(Monitor monitor) {
    return new Builder(monitor);
  }

  /** The endpoints as a route table, to add a bearer token or mount at will. */
  public Routes routes() {
    return routes;
  }

  /** Adds the endpoints to {@code server}. */
  public void mount(HttpServer server) {
    routes.mount(server);
  }

  /** What the endpoints serve; every setter checks its value, so calls go in any order. */
  public static final class Builder {
    private final Monitor monitor;
    private AlertManager alerts;
    private Labels exposedLabels = Labels.empty();

    private Builder(Monitor monitor) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /**
     * The alert manager whose rules {@code /alerts} lists and {@code /health} judges by; without
     * one, {@code /alerts} is empty and {@code /health} is UP unless a server is saturated.
     */
    public Builder alerts(AlertManager alerts) {
      this.alerts = Objects.requireNonNull(alerts, "alerts");
      return this;
    }

    /**
     * Labels on every series of {@code /prometheus}: a fleet's JVM passes its
     * {@code ServiceInstance.labels()}, so its metrics carry the {@code service} and
     * {@code instance} its profiles carry. Prometheus keeps a scraped {@code instance} as
     * {@code exported_instance} unless the scrape sets {@code honor_labels: true}.
     */
    public Builder exposedLabels(Labels labels) {
      this.exposedLabels = Objects.requireNonNull(labels, "exposedLabels");
      return this;
    }

    public MonitorHttp build() {
      return new MonitorHttp(this);
    }
  }

  // ------------------------------------------------------------------ handlers

  private static Response history(Monitor monitor, String key) {
    String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
    if (!MetricId.isValidName(name)) {
      throw HttpError.badRequest("metric name " + Identifiers.quote(name)
          + " is invalid; use a letter or _ followed by [a-zA-Z0-9_.]");
    }
    Optional<List<HistoryPoint>> history = monitor.history(key);
    if (history.isEmpty()) {
      throw HttpError.notFound("no metric " + Identifiers.quote(key));
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
    monitor.snapshot().sample(key, DistributionSample.class).ifPresent(d -> body.put("histogram", histogramJson(d)));
    return Response.json(200, body);
  }

  private static Response health(Monitor monitor, AlertManager alerts) {
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
    Map<String, HandlerLoad> servers = ServerLoadMetrics.servers(monitor.snapshot());
    if (!servers.isEmpty()) {
      Map<String, Object> loads = new LinkedHashMap<>();
      List<String> saturated = new ArrayList<>();
      servers.forEach((name, load) -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("handlerThreads", load.handlerThreads());
        m.put("busy", load.busy());
        m.put("queued", load.queued());
        m.put("queueCapacity", load.queueCapacity());
        m.put("rejected", load.rejected());
        m.put("saturated", load.saturated());
        loads.put(name, m);
        if (load.saturated()) {
          saturated.add(name);
        }
      });
      body.put("saturated", saturated);
      body.put("servers", loads);
    }
    return Response.json(up ? 200 : 503, body);
  }

  /**
   * The exposition of the last snapshot, rendered once per snapshot and format: every scrape
   * within one tick (several Prometheus servers, a dashboard, a curl) sends the same bytes.
   */
  private static final class RenderedExposition {
    private record Rendered(MonitorSnapshot snapshot, byte[] body) {}

    private final Labels labels;
    private final java.util.concurrent.atomic.AtomicReferenceArray<Rendered> rendered =
        new java.util.concurrent.atomic.AtomicReferenceArray<>(ExpositionFormat.values().length);

    RenderedExposition(Labels labels) {
      this.labels = labels;
    }

    Response answer(Request request, MonitorSnapshot snapshot) {
      ExpositionFormat format = ExpositionFormat.negotiate(request.header("Accept").orElse(null));
      Rendered r = rendered.get(format.ordinal());
      if (r == null || r.snapshot != snapshot) {
        r = new Rendered(snapshot, render(format, snapshot));
        rendered.set(format.ordinal(), r);
      }
      return Response.bytes(200, contentType(format), r.body);
    }

    private byte[] render(ExpositionFormat format, MonitorSnapshot snapshot) {
      switch (format) {
        case PROTOBUF:
          return PrometheusProtobuf.encode(snapshot, labels);
        case OPENMETRICS:
          return PrometheusFormat.openMetrics(snapshot, labels).getBytes(StandardCharsets.UTF_8);
        default:
          return PrometheusFormat.text(snapshot, labels).getBytes(StandardCharsets.UTF_8);
      }
    }

    private static String contentType(ExpositionFormat format) {
      switch (format) {
        case PROTOBUF:
          return PrometheusProtobuf.CONTENT_TYPE;
        case OPENMETRICS:
          return PrometheusFormat.OPENMETRICS_CONTENT_TYPE;
        default:
          return PrometheusFormat.TEXT_CONTENT_TYPE;
      }
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
      m.put("labels", s.id().labels().asMap());
      m.put("kind", s.kind().name());
      if (s instanceof CounterSample c) {
        m.put("value", finite(c.total()));
        m.put("rate", finite(c.rate()));
      } else if (s instanceof GaugeSample g) {
        m.put("value", finite(g.value()));
      } else {
        DistributionSample d = (DistributionSample) s;
        m.put("count", d.count());
        m.put("sum", finite(d.sum()));
        m.put("unit", d.unit());
        m.put("rate", finite(d.tick().rate()));
        m.put("tick", statsJson(d.tick(), d.unitScale()));
        m.put("window", statsJson(d.window(), d.unitScale()));
        m.put("histogram", histogramJson(d));
      }
      metrics.put(s.id().key(), m);
    }
    body.put("metrics", metrics);
    return body;
  }

  /**
   * A timer's or distribution's buckets since start, in base units: the exponential ones
   * ({@code schema}, {@code zeroCount}, and per bucket its {@code index}, upper bound {@code le}
   * and {@code count}, not cumulative), which a client adds across instances index by index, and
   * the classic ones when the meter has any ({@code classic}: {@code le} and the cumulative
   * {@code count}).
   */
  static Map<String, Object> histogramJson(DistributionSample d) {
    NativeHistogram n = d.exponential();
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("schema", n.schema());
    h.put("zeroCount", n.zeroCount());
    List<Map<String, Object>> buckets = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("index", n.index(i));
      b.put("le", NativeHistogram.upperBound(n.index(i)));
      b.put("count", n.count(i));
      buckets.add(b);
    }
    h.put("buckets", buckets);
    if (!d.buckets().isEmpty()) {
      List<Map<String, Object>> classic = new ArrayList<>();
      for (io.perfkit.monitor.BucketCount b : d.buckets()) {
        classic.add(Map.of("le", b.bound(), "count", b.count()));
      }
      h.put("classic", classic);
    }
    return h;
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
}
