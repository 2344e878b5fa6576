package io.perfkit.servlet;

import io.perfkit.api.Arguments;
import io.perfkit.monitor.HistogramSettings;
import io.perfkit.monitor.MetricId;
import io.perfkit.monitor.MetricSample;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.Timer;
import io.perfkit.profiler.trigger.RequestProfiler;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A Jakarta Servlet 6 filter that times every request into a Perfkit {@link Monitor} and hands
 * slow ones to a {@link RequestProfiler}, which cuts that request's span from the always-on
 * continuous recorder.
 *
 * <ul>
 *   <li><b>Metric.</b> A timer {@code http.server.requests{method,route,status}} (the name is a
 *       builder setting).</li>
 *   <li><b>Route, never the raw path.</b> The route is, in order: the request attribute {@value
 *       #ROUTE_ATTRIBUTE} if the application set one; Spring MVC's best-matching pattern
 *       ({@code /orders/{id}}); the servlet mapping that matched ({@code /orders/*}, {@code
 *       /checkout}, {@code *.jsp}, {@code /} for the default servlet); or what a {@link
 *       Builder#routes resolver} returns. Whatever it is, at most {@code maxRoutes} (100) distinct
 *       routes get timers of their own; the rest share the route {@value #OTHER}, and are
 *       counted ({@link #overflowed()}). Methods outside the standard nine are {@value #OTHER}
 *       too. So a scanner walking random paths cannot grow the label space.</li>
 *   <li><b>Async.</b> A request that called {@code startAsync} ends when its response completes,
 *       not when the filter returns: the filter listens on the {@code AsyncContext}.</li>
 *   <li><b>Status.</b> The response's; 500 when the chain threw and no error status was set.</li>
 *   <li><b>One owner of the metric.</b> Spring Boot (and any application instrumented through
 *       Micrometer's server observation) times requests into {@code http.server.requests} too;
 *       with a {@code PerfkitMeterRegistry} on the same monitor, both would land in one family
 *       and every request would count twice. The application's own instrumentation owns the
 *       name: once a metric of the filter's name with other labels than {@code method, route,
 *       status} appears (checked on each tick), the filter {@linkplain #steppedAside() steps
 *       aside}: it removes its timers from the monitor and times nothing more, and goes on
 *       handing every request to the request profiler, which is what the application's meters
 *       lack. Requests of the tick before that are in both until the filter's timers go.
 *       To keep the filter's timers beside the application's, give them another
 *       {@linkplain Builder#metric name}.</li>
 * </ul>
 * The request thread does two clock readings (the profiler's, when there is one, shared), a map
 * lookup and the timer's lock-free write, and the profiler its comparison and JFR event. Thread-safe; one instance serves every request.
 */
public final class PerfkitFilter implements Filter {

  /** The request attribute an application sets to name the route of a request itself. */
  public static final String ROUTE_ATTRIBUTE = "io.perfkit.route";
  /** Where routes and methods past the bounds go. */
  public static final String OTHER = "OTHER";

  private static final String SPRING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
      "CONNECT");

  private final Monitor monitor;
  private final RequestProfiler profiler;
  private final String metric;
  private final int maxRoutes;
  private final Function<HttpServletRequest, String> resolver;
  private final HistogramSettings settings;
  private final Set<String> routes = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();
  private final AtomicLong overflowed = new AtomicLong();
  private final java.util.function.Consumer<MonitorSnapshot> ownerWatch = this::watchForOwner;
  private volatile boolean steppedAside;

  private record Key(String method, String route, int status) {}

  private static final Set<String> OWN_LABELS = Set.of("method", "route", "status");

  private PerfkitFilter(Builder b) {
    this.monitor = b.monitor;
    this.profiler = b.profiler;
    this.metric = b.metric;
    this.maxRoutes = b.maxRoutes;
    this.resolver = b.resolver;
    this.settings = b.settings;
    monitor.addTickListener(ownerWatch);
  }

  public static Builder builder(Monitor monitor) {
    return new Builder(monitor);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    // with a profiler, its clock times the request for both; without, the filter reads its own
    RequestProfiler.InFlight inFlight = profiler == null ? null : profiler.begin(req.getMethod(), req.getRequestURI());
    long t0 = inFlight == null ? System.nanoTime() : 0;
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = false;
    } finally {
      if (!failed && req.isAsyncStarted()) {
        req.getAsyncContext().addListener(new Completion(req, res, t0, inFlight));
      } else {
        finish(req, res, t0, inFlight, failed);
      }
    }
  }

  /** Ends an async request when its response completes. */
  private final class Completion implements AsyncListener {
    private final HttpServletRequest req;
    private final HttpServletResponse res;
    private final long t0;
    private final RequestProfiler.InFlight inFlight;
    private volatile boolean failed;

    Completion(HttpServletRequest req, HttpServletResponse res, long t0, RequestProfiler.InFlight inFlight) {
      this.req = req;
      this.res = res;
      this.t0 = t0;
      this.inFlight = inFlight;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      finish(req, res, t0, inFlight, failed);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      failed = true;
    }

    @Override
    public void onError(AsyncEvent event) {
      failed = true;
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);  // dispatched again: keep listening
    }
  }

  private void finish(HttpServletRequest req, HttpServletResponse res, long t0, RequestProfiler.InFlight inFlight,
      boolean failed) {
    long end = inFlight == null ? System.nanoTime() : 0;
    int status = res.getStatus();
    if (failed && status < 400) {
      status = 500;
    }
    String route = route(req);
    String method = METHODS.contains(req.getMethod()) ? req.getMethod() : OTHER;
    long nanos = inFlight == null ? end - t0 : inFlight.end(status, route);
    if (steppedAside) {
      return;
    }
    timers.computeIfAbsent(new Key(method, route, status), k -> monitor.timer(
        MetricId.of(metric, "method", k.method(), "route", k.route(), "status", Integer.toString(k.status())),
        "HTTP server requests by method, route and status", settings)).recordNanos(nanos);
  }

  /** The request's route, bounded (see the class documentation). */
  String route(HttpServletRequest req) {
    String route = null;
    Object set = req.getAttribute(ROUTE_ATTRIBUTE);
    if (set == null) {
      set = req.getAttribute(SPRING_PATTERN);
    }
    if (set != null) {
      route = set.toString();
    } else if (resolver != null) {
      route = resolver.apply(req);
    } else {
      route = mappingPattern(req.getHttpServletMapping());
    }
    if (route == null || route.isEmpty()) {
      return OTHER;
    }
    if (routes.contains(route)) {
      return route;
    }
    synchronized (routes) {
      if (routes.size() < maxRoutes) {
        routes.add(route);
        return route;
      }
    }
    overflowed.incrementAndGet();
    return OTHER;
  }

  private static String mappingPattern(HttpServletMapping mapping) {
    if (mapping == null || mapping.getMappingMatch() == null) {
      return null;
    }
    return mapping.getMappingMatch() == MappingMatch.CONTEXT_ROOT ? "/" : mapping.getPattern();
  }

  /**
   * On the tick thread: steps aside once the application's own instrumentation has a metric of
   * this filter's name, and removes the filter's timers, including one a request finishing at
   * that moment may have made.
   */
  private void watchForOwner(MonitorSnapshot snapshot) {
    if (!steppedAside) {
      for (MetricSample s : snapshot.samples().values()) {
        if (s.id().name().equals(metric) && !s.id().labels().asMap().keySet().equals(OWN_LABELS)) {
          steppedAside = true;
          System.getLogger(PerfkitFilter.class.getName()).log(System.Logger.Level.INFO, "the application times "
              + metric + " itself (" + s.id() + "); the filter leaves the metric to it and only profiles requests");
          break;
        }
      }
    }
    if (steppedAside && !timers.isEmpty()) {
      for (Map.Entry<Key, Timer> e : timers.entrySet()) {
        timers.remove(e.getKey());
        monitor.remove(e.getValue().id());
      }
    }
  }

  /**
   * True once the application's own instrumentation times requests under this filter's metric
   * name, and the filter has left the metric to it (see the class documentation).
   */
  public boolean steppedAside() {
    return steppedAside;
  }

  /** Stops watching the monitor's ticks. */
  @Override
  public void destroy() {
    monitor.removeTickListener(ownerWatch);
  }

  /** Requests whose route was past {@code maxRoutes} and went to {@value #OTHER}. */
  public long overflowed() {
    return overflowed.get();
  }

  /** Distinct routes with timers of their own. */
  public int routes() {
    return routes.size();
  }

  /** Configures {@link PerfkitFilter}; each setter validates its value. */
  public static final class Builder {
    private final Monitor monitor;
    private RequestProfiler profiler;
    private String metric = "http.server.requests";
    private int maxRoutes = 100;
    private Function<HttpServletRequest, String> resolver;
    private HistogramSettings settings = HistogramSettings.TIMER_DEFAULT;

    private Builder(Monitor monitor) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** Hands every request to {@code profiler}, which profiles the slow ones. */
    public Builder requestProfiler(RequestProfiler profiler) {
      this.profiler = Objects.requireNonNull(profiler, "profiler");
      return this;
    }

    /** The timer's name ({@code http.server.requests}). */
    public Builder metric(String name) {
      this.metric = MetricId.checkName(name);
      return this;
    }

    /** Distinct routes with timers of their own (100); past it, {@value PerfkitFilter#OTHER}. */
    public Builder maxRoutes(int n) {
      Arguments.between("max routes", n, 1, 10_000);
      this.maxRoutes = n;
      return this;
    }

    /**
     * How to name a request's route when neither the application's attribute nor Spring's
     * pattern says (the default: the servlet mapping that matched). Still bounded by
     * {@link #maxRoutes}.
     */
    public Builder routes(Function<HttpServletRequest, String> resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** The timers' histogram settings. */
    public Builder histogram(HistogramSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    public PerfkitFilter build() {
      return new PerfkitFilter(this);
    }
  }
}
