package io.perfkit.spring.boot;

import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.http.ServerLoadMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Perfkit's endpoints on a port and handler threads of their own. They are not actuator
 * endpoints on purpose: actuator endpoints share the application server's threads, so they go
 * dark exactly when an overloaded application needs to be looked at; these answer while every
 * request thread is busy.
 *
 * <p>An address that cannot be bound (the port taken by another JVM on the host, say) is logged
 * and leaves the application running without Perfkit's endpoints: monitoring never stops the
 * application it watches from starting. {@link #url()} says which happened.
 */
public final class PerfkitServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PerfkitServer.class.getName());

  private final HttpEndpointServer server;
  private final String problem;

  private PerfkitServer(HttpEndpointServer server, String problem) {
    this.server = server;
    this.problem = problem;
  }

  /**
   * Binds {@code address} and starts serving what {@code mount} adds, the server's own load
   * registered in {@code monitor} as {@code perfkit}; on a bind failure, logs it and serves
   * nothing.
   */
  static PerfkitServer start(InetSocketAddress address, int threads, Monitor monitor,
      java.util.function.Consumer<HttpEndpointServer> mount) {
    HttpEndpointServer server;
    try {
      server = HttpEndpointServer.builder().name("perfkit").address(address).handlerThreads(threads).build();
    } catch (IOException e) {
      String problem = "Perfkit's endpoints are off: " + e.getMessage()
          + "; set perfkit.server.port to a free port (0: any)";
      LOG.log(System.Logger.Level.WARNING, problem);
      return new PerfkitServer(null, problem);
    }
    try {
      mount.accept(server);
      ServerLoadMetrics.register(monitor, "perfkit", server);
      server.start();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.log(System.Logger.Level.INFO, "Perfkit's endpoints answer at " + server.url());
    return new PerfkitServer(server, null);
  }

  /** Where the endpoints answer ({@code http://127.0.0.1:9095}), or empty when the bind failed. */
  public Optional<String> url() {
    return server == null ? Optional.empty() : Optional.of(server.url());
  }

  /** The port, or -1 when the bind failed. */
  public int port() {
    return server == null ? -1 : server.port();
  }

  /** Why the endpoints are off, or empty when they answer. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
