package io.perfkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.perfkit.micrometer.PerfkitMeterRegistry;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.http.PrometheusFormat;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The filter beside an application that times its requests through Micrometer into the same
 * monitor, as Spring Boot's server observation does: each request is counted once.
 */
final class PerfkitFilterBesideMicrometerTest {

  private final Monitor monitor = Monitor.builder().build();
  private final PerfkitMeterRegistry registry = PerfkitMeterRegistry.builder(monitor).build();
  private final PerfkitFilter filter = PerfkitFilter.builder(monitor).build();
  private final HttpClient client = HttpClient.newHttpClient();
  private Server server;
  private URI fast;

  /** What Spring's {@code ServerHttpObservationFilter} records for each request, through the bridge. */
  private Filter applicationInstrumentation() {
    return (request, response, chain) -> {
      Timer.Sample sample = Timer.start(registry);
      chain.doFilter(request, response);
      sample.stop(Timer.builder("http.server.requests")
          .tags("method", ((HttpServletRequest) request).getMethod(), "uri", "/fast", "outcome", "SUCCESS",
              "status", Integer.toString(((HttpServletResponse) response).getStatus()), "exception", "none")
          .register(registry));
    };
  }

  private void start() throws Exception {
    server = new Server();
    ServerConnector connector = PerfkitFilterOnJettyTest.loopback(server);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new PerfkitFilterOnJettyTest.Fast()), "/fast");
    context.addFilter(new FilterHolder(applicationInstrumentation()), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
    fast = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/fast");
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    registry.close();
    monitor.close();
  }

  private void requests(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(fast).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
    }
  }

  private static List<String> series(MonitorSnapshot s) {
    return s.metricNames().stream().filter(k -> k.startsWith("http.server.requests{")).toList();
  }

  @Test
  void theApplicationsOwnTimer_ownsTheMetric_andTheFilterStepsAside() throws Exception {
    start();
    requests(5);
    assertFalse(filter.steppedAside(), "nothing ticked yet");
    monitor.tick();
    assertTrue(filter.steppedAside());
    MonitorSnapshot s = monitor.snapshot();
    assertEquals(List.of("http.server.requests{exception=none,method=GET,outcome=SUCCESS,status=200,uri=/fast}"),
        series(s), "the filter's timers are gone from the snapshot");
    assertEquals(5, s.value(series(s).get(0)).orElseThrow());

    requests(3);
    s = monitor.tick();
    assertEquals(1, series(s).size(), series(s).toString());
    assertEquals(8, s.value(series(s).get(0)).orElseThrow(), "every request once");
    String text = PrometheusFormat.text(s);
    assertEquals(1, text.lines().filter(l -> l.startsWith("http_server_requests_seconds_count")).count(), text);
  }
}
