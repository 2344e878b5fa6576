package com.example.perfkit;

import io.perfkit.monitor.Monitor;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.trigger.RequestProfiler;
import io.perfkit.servlet.PerfkitFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The README's perf-servlet example: a Jetty application timed and profiled by Perfkit's filter.
 * Needs perf-servlet and a servlet container (here Jetty's {@code jetty-ee10-servlet}).
 */
public final class ServletExample {

  private ServletExample() {}

  /** {@code /hello}, the application. */
  public static final class Hello extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      res.getWriter().write("hello");
    }
  }

  /** The README's servlet example: the filter on every request of {@code context}. */
  public static void addFilter(Monitor monitor, RequestProfiler requests, ServletContextHandler context) {
    // readme:servlet
    PerfkitFilter filter = PerfkitFilter.builder(monitor).requestProfiler(requests).build();
    FilterHolder holder = new FilterHolder(filter);                      // Jetty; Spring Boot: a FilterRegistrationBean
    holder.setAsyncSupported(true);                                      // async requests end when they complete
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    // end
  }

  /**
   * Serves {@code /hello} on loopback through the filter, requests it once and returns the body;
   * the monitor counts the request.
   */
  public static String serveOnce(Monitor monitor, RequestProfiler requests) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new Hello()), "/hello");
    addFilter(monitor, requests, context);
    server.setHandler(context);
    server.start();
    try {
      return Http.get("http://127.0.0.1:" + connector.getLocalPort() + "/hello");
    } finally {
      server.stop();
    }
  }

  public static void main(String[] args) throws Exception {
    try (Monitor monitor = Monitor.builder().build();
        ContinuousRecorder recorder = ContinuousRecorder.builder(Files.createTempDirectory("flight")).maxAge(Duration.ofMinutes(1)).maxSize(32L << 20).build().start();
        RequestProfiler requests = RequestProfiler.builder(recorder, profile -> { }).build()) {
      String body = serveOnce(monitor, requests);
      System.out.println("GET /hello answered \"" + body + "\"; http.server.requests{method=GET,route=/hello,status=200}: "
          + monitor.tick().value("http.server.requests{method=GET,route=/hello,status=200}").orElseThrow());
    }
  }
}
