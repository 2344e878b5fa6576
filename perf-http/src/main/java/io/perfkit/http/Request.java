package io.perfkit.http;

import com.sun.net.httpserver.HttpExchange;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a handler sees it: the method, the raw path, the decoded path parameters of
 * the route that matched, the query and the headers. Immutable apart from the exchange, which
 * is there for what the layer does not cover (the remote address, say); a handler answers by
 * returning a {@link Response}, not by writing to the exchange.
 */
public final class Request {

  private final HttpExchange exchange;
  private final String path;
  private final Map<String, String> pathParams;
  private final QueryParams query;

  Request(HttpExchange exchange, String path, Map<String, String> pathParams, QueryParams query) {
    this.exchange = exchange;
    this.path = path;
    this.pathParams = Map.copyOf(pathParams);
    this.query = query;
  }

  /** {@code GET}, {@code HEAD}, … */
  public String method() {
    return exchange.getRequestMethod();
  }

  /** The raw (still encoded) path. */
  public String path() {
    return path;
  }

  /**
   * A path parameter of the matched route ({@code {id}} in {@code /debug/profiles/{id}}),
   * percent-decoded.
   *
   * @throws IllegalArgumentException when the route has no such parameter (a programming error)
   */
  public String pathParam(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalArgumentException("the route has no path parameter '" + name + "'; it has " + pathParams.keySet());
    }
    return v;
  }

  public QueryParams query() {
    return query;
  }

  /** The first value of a request header. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  /** The JDK exchange underneath. */
  public HttpExchange exchange() {
    return exchange;
  }
}
