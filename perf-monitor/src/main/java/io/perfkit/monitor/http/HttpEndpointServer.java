package io.perfkit.monitor.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A JDK {@link HttpServer} with a bounded handler pool (the JDK's default executor is a single
 * thread, so one slow request would stall every endpoint). Other modules' handlers can be
 * mounted on {@link #server()} before or after {@link #start()}.
 */
public final class HttpEndpointServer implements AutoCloseable {

  private final HttpServer server;
  private final ThreadPoolExecutor pool;

  private HttpEndpointServer(HttpServer server, ThreadPoolExecutor pool) {
    this.server = server;
    this.pool = pool;
  }

  /**
   * Binds {@code address} (port 0 picks a free port).
   *
   * @throws IOException naming the address when it cannot be bound, e.g. the port is taken
   */
  public static HttpEndpointServer create(InetSocketAddress address, int threads) throws IOException {
    ThreadPoolExecutor pool = MonitorHttp.boundedPool(threads);
    HttpServer server;
    try {
      server = HttpServer.create(address, 64);
    } catch (BindException e) {
      pool.shutdownNow();
      String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
      throw new BindException("cannot listen on " + host + ":" + address.getPort() + ": " + e.getMessage());
    }
    server.setExecutor(pool);
    return new HttpEndpointServer(server, pool);
  }

  public void start() {
    server.start();
  }

  /** The underlying server, to mount more handlers. */
  public HttpServer server() {
    return server;
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://HOST:PORT/}. */
  public String url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + a.getPort() + "/";
  }

  /** Stops accepting, gives exchanges in flight up to a second, and stops the pool. */
  @Override
  public void close() {
    server.stop(1);
    pool.shutdown();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
  }
}
