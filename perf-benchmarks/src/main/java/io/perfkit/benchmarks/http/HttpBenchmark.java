package io.perfkit.benchmarks.http;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.perfkit.benchmarks.monitor.TwinTimers;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.http.Response;
import io.perfkit.http.Routes;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.http.MonitorHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One keep-alive client (a raw socket, as Prometheus's scraper or {@code wrk -c1} holds one)
 * asking the same endpoint again and again on one JDK server on loopback: one operation is one
 * request written and its whole response read.
 *
 * <ul>
 *   <li>{@code baselineJdkServer}: a JDK handler answering 2 bytes, the server's own cost per
 *       keep-alive request;</li>
 *   <li>{@code perfkitHealth}: the monitor's {@code /health};</li>
 *   <li>{@code perfkitPrometheus}: {@code /prometheus} with 1,000 timers (four quantiles each);</li>
 *   <li>{@code peerMicrometerPrometheus}: Micrometer's {@code PrometheusMeterRegistry.scrape()}
 *       for the same 1,000 timers, served by the same JDK server;</li>
 *   <li>{@code perfkitHealthWithNagle}: {@code /health} in a JVM started with
 *       {@code -Dsun.net.httpserver.nodelay=false}, as every JDK server answers unless told
 *       otherwise: the delayed-ACK stall that {@link HttpEndpointServer} removes.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class HttpBenchmark {

  private static final int TIMERS = 1000;

  private Monitor monitor;
  private AlertManager alerts;
  private PrometheusMeterRegistry micrometer;
  private HttpEndpointServer server;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    monitor = Monitor.builder().build();
    alerts = AlertManager.builder().build().attach(monitor);
    micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TwinTimers.fill(monitor, micrometer, TIMERS);
    monitor.tick();
    server = HttpEndpointServer.builder().handlerThreads(4).build();
    HttpServer jdk = server.server();
    MonitorHttp.builder(monitor).alerts(alerts).build().mount(jdk);
    Routes.create().get("/micrometer", q -> Response.text(200, "text/plain; version=0.0.4", micrometer.scrape())).mount(jdk);
    jdk.createContext("/empty", ex -> {
      ex.sendResponseHeaders(200, 2);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(new byte[] {'o', 'k'});
      }
    });
    server.start();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.close();
    alerts.close();
    monitor.close();
    micrometer.close();
  }

  /** One client connection per benchmark thread, kept alive across operations. */
  @State(Scope.Thread)
  public static class Client {
    Socket socket;
    OutputStream out;
    InputStream in;
    final byte[] buffer = new byte[1 << 16];

    @Setup(Level.Trial)
    public void connect(HttpBenchmark b) throws IOException {
      socket = new Socket(b.server.server().getAddress().getAddress(), b.server.port());
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(10_000);
      out = socket.getOutputStream();
      in = socket.getInputStream();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      socket.close();
    }

    /** Sends a GET and reads the whole response; returns the body's length. */
    long get(String path) throws IOException {
      out.write(("GET " + path + " HTTP/1.1\r\nHost: bench\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // read the head byte by byte from the buffer, then exactly Content-Length bytes of body
      int filled = 0;
      int headEnd = -1;
      while (headEnd < 0) {
        int n = in.read(buffer, filled, buffer.length - filled);
        if (n < 0) {
          throw new IOException("connection closed");
        }
        filled += n;
        for (int i = Math.max(3, filled - n); i < filled; i++) {
          if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
            headEnd = i + 1;
            break;
          }
        }
      }
      String head = new String(buffer, 0, headEnd, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
      int at = head.indexOf("content-length:");
      long length = Long.parseLong(head.substring(at + 15, head.indexOf('\r', at)).trim());
      long left = length - (filled - headEnd);
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException("connection closed mid-body");
        }
        left -= n;
      }
      return length;
    }
  }

  @Benchmark
  public long baselineJdkServer(Client c) throws IOException {
    return c.get("/empty");
  }

  @Benchmark
  public long perfkitHealth(Client c) throws IOException {
    return c.get("/health");
  }

  @Benchmark
  public long perfkitPrometheus(Client c) throws IOException {
    return c.get("/prometheus");
  }

  @Benchmark
  public long peerMicrometerPrometheus(Client c) throws IOException {
    return c.get("/micrometer");
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=false")
  @Warmup(iterations = 1, time = 2)
  @Measurement(iterations = 3, time = 2)
  public long perfkitHealthWithNagle(Client c) throws IOException {
    return c.get("/health");
  }
}
