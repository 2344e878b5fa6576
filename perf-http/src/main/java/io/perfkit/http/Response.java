package io.perfkit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What a handler answers: a status, a content type, headers and a body that is either bytes, a
 * stream of known length, or deferred ({@link #later}), completed on another thread while the
 * HTTP handler thread goes back to the pool. Every response is sent with
 * {@code Cache-Control: no-store} and an exact {@code Content-Length} when the length is known;
 * a {@code HEAD} request gets the headers alone. Not thread-safe; a handler builds one and
 * returns it.
 */
public final class Response {

  /** JSON as every Perfkit endpoint writes it. */
  static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /** Writes a streamed body. */
  @FunctionalInterface
  public interface BodyWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  final int status;
  final String contentType;
  final byte[] bytes;
  final long length;          // of a streamed body; -1 unknown (chunked)
  final BodyWriter writer;
  final CompletionStage<Response> later;
  final Map<String, String> headers = new LinkedHashMap<>();
  private final java.util.List<Runnable> whenSent = new java.util.ArrayList<>();

  private Response(int status, String contentType, byte[] bytes, long length, BodyWriter writer,
      CompletionStage<Response> later) {
    if (later == null && (status < 100 || status > 599)) {
      throw new IllegalArgumentException("HTTP status " + status + " is not between 100 and 599");
    }
    this.status = status;
    this.contentType = contentType;
    this.bytes = bytes;
    this.length = length;
    this.writer = writer;
    this.later = later;
  }

  /** A body of bytes. */
  public static Response bytes(int status, String contentType, byte[] body) {
    return new Response(status, Objects.requireNonNull(contentType, "contentType"), Objects.requireNonNull(body, "body"),
        body.length, null, null);
  }

  /** {@code body} serialized by Jackson, as {@code application/json; charset=utf-8}. */
  public static Response json(int status, Object body) {
    try {
      return bytes(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write a " + body.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** UTF-8 text; {@code contentType} without a charset gets {@code ; charset=utf-8}. */
  public static Response text(int status, String contentType, String body) {
    String type = contentType.contains("charset") ? contentType : contentType + "; charset=utf-8";
    return bytes(status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code text/plain; charset=utf-8}. */
  public static Response text(String body) {
    return text(200, "text/plain", body);
  }

  /** {@code text/html; charset=utf-8}. */
  public static Response html(String body) {
    return text(200, "text/html", body);
  }

  /**
   * A streamed body of {@code length} bytes (-1 when unknown: sent chunked). {@code writer} runs
   * on the thread that sends the response and must write exactly {@code length} bytes.
   */
  public static Response stream(int status, String contentType, long length, BodyWriter writer) {
    if (length < -1) {
      throw new IllegalArgumentException("body length " + length + " must be -1 (unknown) or more");
    }
    return new Response(status, Objects.requireNonNull(contentType, "contentType"), null, length,
        Objects.requireNonNull(writer, "writer"), null);
  }

  /**
   * A response that another thread completes: the handler returns at once and the exchange is
   * answered when {@code response} completes, on the completing thread. A stage that completes
   * exceptionally with an {@link HttpError} sends that error; any other failure a 500 whose body
   * says only that the request failed.
   */
  public static Response later(CompletionStage<Response> response) {
    return new Response(0, null, null, -1, null, Objects.requireNonNull(response, "response"));
  }

  /** Adds a header; {@code Content-Type}, {@code Content-Length} and {@code Cache-Control} are set by the layer. */
  public Response header(String name, String value) {
    headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Runs {@code cleanup} once this response has been sent, or has failed to be: after the
   * exchange is closed, whatever happened to the client. Releases what the body held (a file,
   * a stream, a permit).
   */
  public Response whenSent(Runnable cleanup) {
    whenSent.add(Objects.requireNonNull(cleanup, "cleanup"));
    return this;
  }

  void sent() {
    for (Runnable r : whenSent) {
      try {
        r.run();
      } catch (RuntimeException e) {
        System.getLogger(Response.class.getName()).log(System.Logger.Level.WARNING, "cleanup after a response failed", e);
      }
    }
  }

  /** Asks the browser to save the body as {@code filename}. */
  public Response attachment(String filename) {
    return header("Content-Disposition", "attachment; filename=\"" + filename.replace("\"", "") + "\"");
  }

  public int status() {
    return status;
  }
}
