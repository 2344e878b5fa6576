package io.perfkit.http;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Arguments;
import io.perfkit.api.Identifiers;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A JDK {@link HttpServer} set up for endpoints that stay on in production.
 *
 * <ul>
 *   <li><b>Loopback by default.</b> {@link #builder()} binds 127.0.0.1 on a free port unless told
 *       otherwise.</li>
 *   <li><b>TCP_NODELAY.</b> The JDK server writes a response's headers and its body as two
 *       segments; with Nagle's algorithm on, the body waits for the client's delayed ACK of the
 *       headers, about 40 ms on Linux, so a keep-alive client (Prometheus, {@code wrk}) got ~22
 *       answers a second. The JDK turns Nagle off only through the system property
 *       {@code sun.net.httpserver.nodelay}, read once when its server classes load; this class
 *       sets it before it creates a server. An application that creates its own
 *       {@code HttpServer} before any Perfkit server should call {@link #enableNoDelay()} first,
 *       or pass {@code -Dsun.net.httpserver.nodelay=true}.</li>
 *   <li><b>Its own bounded executor.</b> {@code handlerThreads} threads and a queue of
 *       {@code queueCapacity} exchanges; the JDK closes the connection of an exchange past that,
 *       so a flood never queues without bound. The JDK's default,
 *       one thread, would let a slow request stall every endpoint.</li>
 *   <li><b>A JSON 404 at the root</b> for paths no context claims.</li>
 *   <li><b>A clean stop.</b> {@link #close()} stops accepting, gives exchanges in flight up to
 *       a second, stops the executor and is idempotent.</li>
 * </ul>
 * Mount {@link Routes} (or any JDK handler) on {@link #server()} before or after {@link #start()}.
 */
public final class HttpEndpointServer implements AutoCloseable {

  private static final String NO_DELAY = "sun.net.httpserver.nodelay";
  private static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";

  private final HttpServer server;
  private final ThreadPoolExecutor pool;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpEndpointServer(HttpServer server, ThreadPoolExecutor pool) {
    this.server = server;
    this.pool = pool;
  }

  /**
   * Sets the JDK server's two process-wide switches that production endpoints need, unless the
   * application set them itself: {@code sun.net.httpserver.nodelay=true} (Nagle off, see above)
   * and {@code sun.net.httpserver.maxReqTime=30} (a request whose line and headers have not all
   * arrived within 30 s is dropped, so a client that sends a byte a minute cannot keep a handler
   * thread forever; the JDK's default is no limit). They take effect only before the JDK's
   * server classes load (the first {@code HttpServer.create} in the JVM).
   */
  public static void enableNoDelay() {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
    if (System.getProperty(MAX_REQUEST_TIME) == null) {
      System.setProperty(MAX_REQUEST_TIME, "30");
    }
  }

  /** A server on loopback, a free port, 8 handler threads and a queue of 256 exchanges. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds {@code address} (port 0 picks a free port) with {@code threads} handler threads.
   *
   * @throws IOException naming the address when it cannot be bound, e.g. the port is taken
   */
  public static HttpEndpointServer create(InetSocketAddress address, int threads) throws IOException {
    return builder().address(address).handlerThreads(threads).build();
  }

  public HttpEndpointServer start() {
    server.start();
    return this;
  }

  /** The underlying server, to mount routes and handlers. */
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

  /**
   * Stops accepting, gives exchanges a handler is still working on up to a second, and stops the
   * pool. Deferred answers still pending (a capture) are cut. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // the JDK's stop(n) waits n seconds even when nothing is in flight
    boolean idle = pool.getActiveCount() == 0 && pool.getQueue().isEmpty();
    server.stop(idle ? 0 : 1);
    MoreExecutors.shutdownAndAwaitTermination(pool, Duration.ofSeconds(2));
  }

  /** Configures an {@link HttpEndpointServer}; each setter validates its value. */
  public static final class Builder {
    private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private int threads = 8;
    private int queueCapacity = 256;
    private int backlog = 64;

    private Builder() {}

    /** Where to listen (loopback and a free port by default); bind elsewhere only behind a token. */
    public Builder address(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /** Loopback on {@code port} (0: a free port). */
    public Builder loopbackPort(int port) {
      Arguments.between("port", port, 0, 65535);
      return address(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Handler threads (8 by default). */
    public Builder handlerThreads(int threads) {
      Arguments.between("handler threads", threads, 1, 1024);
      this.threads = threads;
      return this;
    }

    /** Exchanges that may wait for a handler thread (256 by default). */
    public Builder queueCapacity(int capacity) {
      Arguments.positive("queue capacity", capacity);
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * Binds the address; the server does not answer until {@link #start()}.
     *
     * @throws IOException naming the address when it cannot be bound
     */
    public HttpEndpointServer build() throws IOException {
      enableNoDelay();
      ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(queueCapacity),
          new ThreadFactoryBuilder().setNameFormat("perfkit-http-%d").setDaemon(true).build(),
          (task, executor) -> {
            throw new RejectedExecutionException("all " + threads + " HTTP handler threads are busy and "
                + queueCapacity + " exchanges wait");
          });
      HttpServer server;
      try {
        server = HttpServer.create(address, backlog);
      } catch (BindException e) {
        pool.shutdownNow();
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        throw new BindException("cannot listen on " + host + ":" + address.getPort() + ": " + e.getMessage());
      }
      server.setExecutor(pool);
      server.createContext("/", ex -> Routes.send(ex, HttpError.notFound("no endpoint at "
          + Identifiers.quote(ex.getRequestURI().getRawPath())).toResponse()));
      return new HttpEndpointServer(server, pool);
    }
  }
}
