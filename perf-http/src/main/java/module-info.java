/**
 * The HTTP layer that Perfkit's endpoints share, on the JDK's {@code com.sun.net.httpserver}:
 * {@link io.perfkit.http.HttpEndpointServer} (loopback by default, TCP_NODELAY, a bounded
 * executor, a clean stop), {@link io.perfkit.http.Routes} (method and path pattern to handler;
 * 404 and 405 with {@code Allow} answered by the table), {@link io.perfkit.http.QueryParams}
 * (errors that name the parameter and the value), {@link io.perfkit.http.Response} (JSON, text,
 * streamed and deferred bodies) and the bearer-token check.
 *
 * <p>It is infrastructure, not an implementation of a Perfkit SPI: the monitor and the profiler
 * both depend on it and on perf-api, and never on each other.
 */
module io.perfkit.http {
  requires transitive io.perfkit.api;
  requires transitive jdk.httpserver;
  requires com.fasterxml.jackson.databind;
  requires com.google.common;

  exports io.perfkit.http;
}
