package io.perfkit.http;

import io.perfkit.api.Arguments;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Identifiers;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * A route table: method and path pattern to handler. Patterns are literal segments and
 * {@code {name}} segments ({@code /debug/profiles/{id}/top}); a {@code {name}} matches one
 * non-empty segment, percent-decoded. One trailing slash is ignored.
 *
 * <p>The table answers what no handler should have to: 404 for a path no route matches, 405
 * with {@code Allow} for a method a matching path does not take ({@code GET} routes take
 * {@code HEAD} too), 401 with {@code WWW-Authenticate} without the bearer token when one is
 * set (on every path of the table, known or not), 414 for a URI over {@value #MAX_URI_LENGTH}
 * characters, 413 for a request body over the limit (these endpoints take none), and 400 for
 * malformed percent-encoding. A handler's {@link HttpError} becomes its status and JSON body; any
 * other exception a 500 that says which request failed, with the exception logged (never sent).
 *
 * <p>Mount it on any JDK {@link HttpServer}, Perfkit's {@link HttpEndpointServer} or an
 * application's own: {@link #mount} creates one context per first path segment, so the routes
 * share a server with the application's contexts. Build the table, then mount it; it is
 * thread-safe once mounted.
 */
public final class Routes {

  private static final System.Logger LOG = System.getLogger(Routes.class.getName());

  /** Longest request URI (path and query) taken. */
  public static final int MAX_URI_LENGTH = 8192;

  /** A request handler; runs on an HTTP handler thread and must not wait long there. */
  @FunctionalInterface
  public interface Handler {
    Response handle(Request request) throws IOException;
  }

  private record Route(String method, String pattern, String[] segments, Handler handler) {}

  private final List<Route> routes = new ArrayList<>();
  private byte[] token;
  private long maxRequestBytes = 64 * 1024;

  private Routes() {}

  /** An empty table. */
  public static Routes create() {
    return new Routes();
  }

  /** Adds a {@code GET} (and {@code HEAD}) route. */
  public Routes get(String pattern, Handler handler) {
    return route("GET", pattern, handler);
  }

  /**
   * Adds a route.
   *
   * @throws IllegalArgumentException when the pattern does not start with {@code /} or the
   *     same method and pattern are already routed
   */
  public Routes route(String method, String pattern, Handler handler) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(handler, "handler");
    if (pattern == null || !pattern.startsWith("/") || pattern.length() < 2) {
      throw new IllegalArgumentException("route pattern " + Identifiers.quote(pattern) + " must start with / and name a path");
    }
    String m = method.toUpperCase(Locale.ROOT);
    for (Route r : routes) {
      if (r.method.equals(m) && r.pattern.equals(pattern)) {
        throw new IllegalArgumentException(m + " " + pattern + " is routed twice");
      }
    }
    routes.add(new Route(m, pattern, segments(pattern), handler));
    return this;
  }

  /** Requires {@code Authorization: Bearer TOKEN} on every path of this table. */
  public Routes bearerToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("bearer token must not be blank");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  /** Largest request body taken (64 KiB by default; these endpoints read none). */
  public Routes maxRequestBytes(long bytes) {
    this.maxRequestBytes = Arguments.notNegative("maxRequestBytes", bytes);
    return this;
  }

  /**
   * Creates a context on {@code server} for each first path segment of the routes
   * ({@code /metrics}, {@code /debug}, …), each answered by this table.
   *
   * @throws IllegalArgumentException when {@code server} already has such a context
   */
  public void mount(HttpServer server) {
    Set<String> prefixes = new LinkedHashSet<>();
    for (Route r : routes) {
      prefixes.add("/" + r.segments[0]);
    }
    HttpHandler h = handler();
    for (String p : prefixes) {
      server.createContext(p, h);
    }
  }

  /** The table as one JDK handler, to mount at a context of the caller's choice. */
  public HttpHandler handler() {
    List<Route> table = List.copyOf(routes);
    byte[] required = token;
    long maxBytes = maxRequestBytes;
    return ex -> dispatch(ex, table, required, maxBytes);
  }

  private static void dispatch(HttpExchange ex, List<Route> table, byte[] token, long maxBytes) {
    Response response;
    try {
      response = answer(ex, table, token, maxBytes);
    } catch (HttpError e) {
      response = e.toResponse();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "internal error answering " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath(), e);
      response = new HttpError(500, "internal error answering " + ex.getRequestMethod() + " "
          + Identifiers.quote(ex.getRequestURI().getRawPath()) + "; see the server log").toResponse();
    }
    send(ex, response);
  }

  private static Response answer(HttpExchange ex, List<Route> table, byte[] token, long maxBytes) throws IOException {
    if (token != null && !authorized(ex, token)) {
      throw new HttpError(401, "a bearer token is required for " + Identifiers.quote(ex.getRequestURI().getRawPath()))
          .header("WWW-Authenticate", "Bearer realm=\"perfkit\"");
    }
    String rawUri = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
    if (rawUri.length() > MAX_URI_LENGTH) {
      throw new HttpError(414, "the request URI has " + rawUri.length() + " characters; at most " + MAX_URI_LENGTH + " are taken");
    }
    checkBody(ex, maxBytes);
    String path = ex.getRequestURI().getRawPath();
    String[] segments = segments(path);
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    Set<String> allowed = new LinkedHashSet<>();
    for (Route r : table) {
      Map<String, String> params = match(r.segments, segments);
      if (params == null) {
        continue;
      }
      if (r.method.equals(method) || (r.method.equals("GET") && method.equals("HEAD"))) {
        return r.handler.handle(new Request(ex, path, params, QueryParams.parse(ex.getRequestURI().getRawQuery())));
      }
      allowed.add(r.method);
      if (r.method.equals("GET")) {
        allowed.add("HEAD");
      }
    }
    if (!allowed.isEmpty()) {
      throw new HttpError(405, "method " + Identifiers.quote(ex.getRequestMethod()) + " is not allowed on "
          + Identifiers.quote(path) + "; use " + String.join(", ", allowed)).header("Allow", String.join(", ", allowed));
    }
    throw HttpError.notFound("no endpoint at " + Identifiers.quote(path));
  }

  private static void checkBody(HttpExchange ex, long maxBytes) {
    Headers h = ex.getRequestHeaders();
    String te = h.getFirst("Transfer-Encoding");
    if (te != null && !te.equalsIgnoreCase("identity")) {
      throw new HttpError(413, "a request body sent with Transfer-Encoding " + Identifiers.quote(te)
          + " is not taken; send at most " + maxBytes + " bytes with a Content-Length");
    }
    String cl = h.getFirst("Content-Length");
    if (cl != null) {
      long n;
      try {
        n = Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("Content-Length " + Identifiers.quote(cl) + " is not a number");
      }
      if (n > maxBytes) {
        // read what a client may reasonably have sent already, so that it sees this answer
        // rather than a reset; a larger body is cut off with the connection
        discard(ex, Math.min(n, DRAIN_LIMIT));
        throw new HttpError(413, "a request body of " + n + " bytes is over the limit of " + maxBytes)
            .header("Connection", "close");
      }
    }
  }

  /** Most request-body bytes read and thrown away before refusing a body as too large. */
  private static final long DRAIN_LIMIT = 1 << 20;

  private static void discard(HttpExchange ex, long bytes) {
    try {
      ex.getRequestBody().skipNBytes(bytes);
    } catch (IOException e) {
      // the client stopped sending: the answer is all that is left to give
    }
  }

  private static boolean authorized(HttpExchange ex, byte[] token) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(h.substring(7).trim().getBytes(StandardCharsets.UTF_8), token);
  }

  /** Path parameters when {@code pattern} matches {@code path}, else null. */
  private static Map<String, String> match(String[] pattern, String[] path) {
    if (pattern.length != path.length) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.length() > 2 && p.charAt(0) == '{' && p.charAt(p.length() - 1) == '}') {
        if (path[i].isEmpty()) {
          return null;
        }
        if (params == null) {
          params = new LinkedHashMap<>();
        }
        params.put(p.substring(1, p.length() - 1), PercentDecoding.decode(path[i], "path segment"));
      } else if (!p.equals(path[i])) {
        return null;
      }
    }
    return params == null ? Map.of() : params;
  }

  /** The segments after the leading slash, ignoring one trailing slash. */
  private static String[] segments(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.split("/", -1);
  }

  // ------------------------------------------------------------------ writing

  /**
   * Sends {@code r} and closes the exchange; a deferred response is sent when it completes, on
   * the completing thread.
   */
  static void send(HttpExchange ex, Response r) {
    if (r.later != null) {
      r.later.whenComplete((done, failure) -> {
        if (failure != null) {
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
          if (cause instanceof HttpError) {
            send(ex, ((HttpError) cause).toResponse());
          } else {
            LOG.log(Level.WARNING, "deferred answer to " + ex.getRequestURI().getRawPath() + " failed", cause);
            send(ex, new HttpError(500, "internal error answering " + Identifiers.quote(ex.getRequestURI().getRawPath())
                + "; see the server log").toResponse());
          }
        } else {
          send(ex, done);
        }
      });
      return;
    }
    try {
      Headers h = ex.getResponseHeaders();
      h.set("Content-Type", r.contentType);
      h.set("Cache-Control", "no-store");
      r.headers.forEach(h::set);
      boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
      if (r.bytes != null) {
        if (head || r.bytes.length == 0) {
          ex.sendResponseHeaders(r.status, -1);
        } else {
          ex.sendResponseHeaders(r.status, r.bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(r.bytes);
          }
        }
      } else if (head || r.length == 0) {
        ex.sendResponseHeaders(r.status, -1);
      } else {
        ex.sendResponseHeaders(r.status, r.length < 0 ? 0 : r.length);
        try (OutputStream out = ex.getResponseBody()) {
          r.writer.writeTo(out);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or a streamed body failed after its headers: nothing more to say
      LOG.log(Level.DEBUG, "could not finish answering " + ex.getRequestURI().getRawPath() + ": " + e);
    } finally {
      ex.close();
      r.sent();
    }
  }
}
