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
import java.util.concurrent.atomic.LongAdder;

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
 *   <li><b>Its load in view.</b> {@link #load()} says how many handlers are busy, how many
 *       exchanges wait and how many were refused, without taking a handler thread.</li>
 *   <li><b>A JSON 404 at the root</b> for paths no context claims.</li>
 *   <li><b>A clean stop.</b> {@link #close()} stops accepting, gives exchanges in flight up to
 *       a second, stops the executor and is idempotent.</li>
 * </ul>
 * Mount {@link Routes} (or any JDK handler) on {@link #server()} before or after {@link #start()}.
 *
 * <h2>One server for the application, one for Perfkit</h2>
 * The JDK's server runs every context on its one executor, so endpoints mounted on the
 * application's server wait behind the application's requests: when its handlers are all busy
 * with slow requests, {@code /prometheus} and {@code /debug/profiles} wait in the same queue, and
 * go dark exactly when they are needed. The default wiring is therefore a second, small server
 * of Perfkit's own on a port of its own (like a management port), whose threads the application
 * never holds:
 *
 * <pre>{@code
 * HttpEndpointServer app = HttpEndpointServer.builder().loopbackPort(8080).name("app").handlerThreads(200).build();
 * HttpEndpointServer management = HttpEndpointServer.builder().loopbackPort(9090).name("management")
 *     .handlerThreads(2).build();
 * }</pre>
 *
 * Mounting Perfkit's routes on the application's server still works; it saves a port and
 * costs exactly that isolation.
 */
public final class HttpEndpointServer implements AutoCloseable {

  private static final String NO_DELAY = "sun.net.httpserver.nodelay";
  private static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";

  private final HttpServer server;
  private final ThreadPoolExecutor pool;
  private final int queueCapacity;
  private final LongAdder rejected;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpEndpointServer(HttpServer server, ThreadPoolExecutor pool, int queueCapacity, LongAdder rejected) {
    this.server = server;
    this.pool = pool;
    this.queueCapacity = queueCapacity;
    this.rejected = rejected;
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

  public HttpEndpointServer start() {
    server.start();
    return this;
  }

  /** The underlying server, to mount routes and handlers. */
  public HttpServer server() {
    return server;
  }

  /**
   * How busy the handler pool is now. Thread-safe; costs a short lock on the pool (the JDK's
   * count of active workers), never a handler thread, so it answers while every handler is busy.
   */
  public HandlerLoad load() {
    return new HandlerLoad(pool.getMaximumPoolSize(), pool.getActiveCount(), pool.getQueue().size(), queueCapacity,
        rejected.sum());
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
    private String name = "";

    private Builder() {}

    /**
     * A short name for the server ({@code app}, {@code management}), put in its threads' names
     * ({@code perfkit-http-management-1}) so that thread dumps and profiles say which server a
     * thread serves. None by default.
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (!name.matches("[a-z0-9][a-z0-9-]{0,31}")) {
        throw new IllegalArgumentException("server name " + Identifiers.quote(name)
            + " is not a short name; use 1 to 32 of [a-z0-9-], starting with a letter or digit");
      }
      this.name = name;
      return this;
    }

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
      LongAdder rejected = new LongAdder();
      int threads = this.threads;
      int queueCapacity = this.queueCapacity;
      ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(queueCapacity),
          new ThreadFactoryBuilder().setNameFormat(name.isEmpty() ? "perfkit-http-%d" : "perfkit-http-" + name + "-%d")
              .setDaemon(true).build(),
          (task, executor) -> {
            rejected.increment();
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
      return new HttpEndpointServer(server, pool, queueCapacity, rejected);
    }
  }
}
