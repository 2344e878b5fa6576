package io.perfkit.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An answer other than success, thrown by a handler (or by {@link QueryParams}) and written by
 * {@link Routes} as a JSON body {@code {"error": message, "status": status}}. The message names
 * the bad value; it never carries a stack trace or an exception class name.
 */
public final class HttpError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final Map<String, String> headers = new LinkedHashMap<>();

  /**
   * @param status a 4xx or 5xx status
   * @param message what was wrong, naming the bad value
   */
  public HttpError(int status, String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("HTTP error status " + status + " must be 4xx or 5xx");
    }
    this.status = status;
  }

  /** 400 Bad Request. */
  public static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  /** 404 Not Found. */
  public static HttpError notFound(String message) {
    return new HttpError(404, message);
  }

  /** Adds a response header, e.g. {@code Retry-After} or {@code Allow}. */
  public HttpError header(String name, String value) {
    headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  public int status() {
    return status;
  }

  /** Headers to send with the error, in the order they were added. */
  public Map<String, String> headers() {
    return Map.copyOf(headers);
  }

  /** The error as a response. */
  public Response toResponse() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", getMessage());
    body.put("status", status);
    Response r = Response.json(status, body);
    headers.forEach(r::header);
    return r;
  }
}
