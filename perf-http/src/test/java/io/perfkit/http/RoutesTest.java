package io.perfkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The route table on a real JDK server on loopback, with a real HTTP client. */
final class RoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final CompletableFuture<Response> deferred = new CompletableFuture<>();
  private final CountDownLatch sent = new CountDownLatch(1);
  private HttpEndpointServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpEndpointServer.builder().handlerThreads(1).build();
    Routes.create()
        .get("/items/{id}", r -> Response.json(200, java.util.Map.of("id", r.pathParam("id"))))
        .get("/items/{id}/size", r -> Response.text("size of " + r.pathParam("id")))
        .route("DELETE", "/items/{id}", r -> Response.json(200, java.util.Map.of("deleted", r.pathParam("id"))))
        .get("/boom", r -> {
          throw new IllegalStateException("secret internal detail");
        })
        .get("/later", r -> Response.later(deferred))
        .get("/stream", r -> Response.stream(200, "application/octet-stream", 5, out -> out.write("hello".getBytes(StandardCharsets.US_ASCII)))
            .whenSent(sent::countDown))
        .mount(server.server());
    Routes.create().bearerToken("s3cret").get("/private/thing", r -> Response.text("ok")).mount(server.server());
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
        .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    return send("GET", path, headers);
  }

  private static String error(HttpResponse<String> r) throws IOException {
    JsonNode body = JSON.readTree(r.body());
    assertEquals(r.statusCode(), body.get("status").asInt());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    return body.get("error").asText();
  }

  @Test
  void aRoute_getsItsDecodedPathParameters_andNoStore() throws Exception {
    HttpResponse<String> r = get("/items/a%2Fb+c");
    assertEquals(200, r.statusCode());
    assertEquals("a/b+c", JSON.readTree(r.body()).get("id").asText());
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals("size of x", get("/items/x/size/").body(), "one trailing slash is ignored");
  }

  @Test
  void unknownPaths_are404Json_inAContextAndAtTheRoot() throws Exception {
    assertEquals("no endpoint at '/items'", error(get("/items")));
    assertEquals("no endpoint at '/itemsfoo'", error(get("/itemsfoo")));
    assertEquals("no endpoint at '/items/x/size/more'", error(get("/items/x/size/more")));
    assertEquals("no endpoint at '/elsewhere'", error(get("/elsewhere")));
  }

  @Test
  void aMethodThePathDoesNotTake_is405_withAllow() throws Exception {
    HttpResponse<String> r = send("PUT", "/items/7");
    assertEquals(405, r.statusCode());
    assertEquals("GET, HEAD, DELETE", r.headers().firstValue("Allow").orElseThrow());
    assertEquals("method 'PUT' is not allowed on '/items/7'; use GET, HEAD, DELETE", error(r));
    assertEquals("7", JSON.readTree(send("DELETE", "/items/7").body()).get("deleted").asText());
  }

  @Test
  void head_getsTheHeadersAlone() throws Exception {
    HttpResponse<String> r = send("HEAD", "/items/9");
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
  }

  @Test
  void aHandlerThatThrows_is500_withoutTheExceptionOrItsMessage() throws Exception {
    HttpResponse<String> r = get("/boom");
    assertEquals(500, r.statusCode());
    String message = error(r);
    assertEquals("internal error answering GET '/boom'; see the server log", message);
    assertFalse(r.body().contains("IllegalStateException") || r.body().contains("secret"), r.body());
  }

  @Test
  void theBearerToken_isRequiredOnEveryPathOfItsTable() throws Exception {
    HttpResponse<String> none = get("/private/thing");
    assertEquals(401, none.statusCode());
    assertEquals("Bearer realm=\"perfkit\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertEquals(401, get("/private/unknown").statusCode());
    assertEquals(401, get("/private/thing", "Authorization", "Bearer wrong").statusCode());
    assertEquals("ok", get("/private/thing", "Authorization", "Bearer s3cret").body());
    assertEquals(200, get("/items/1").statusCode(), "other tables need no token");
  }

  @Test
  void anOverlongUri_is414_andARequestBody_overTheLimit_is413() throws Exception {
    HttpResponse<String> longUri = get("/items/" + "x".repeat(Routes.MAX_URI_LENGTH));
    assertEquals(414, longUri.statusCode());
    assertTrue(error(longUri).endsWith("at most 8192 are taken"), longUri.body());
    HttpResponse<String> body = client.send(HttpRequest.newBuilder(URI.create(server.url() + "items/1"))
        .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(new byte[100_000])).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(413, body.statusCode());
    assertEquals("a request body of 100000 bytes is over the limit of 65536", error(body));
  }

  @Test
  void aDeferredResponse_freesTheHandlerThread_andIsSentWhenItCompletes() throws Exception {
    CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
        HttpRequest.newBuilder(URI.create(server.url() + "later")).build(), HttpResponse.BodyHandlers.ofString());
    // the only handler thread is free again: another request is answered meanwhile
    assertEquals(200, get("/items/2").statusCode());
    assertFalse(pending.isDone());
    CountDownLatch done = new CountDownLatch(1);
    new Thread(() -> {
      deferred.completeExceptionally(new HttpError(409, "busy until later").header("Retry-After", "3"));
      done.countDown();
    }).start();
    assertTrue(done.await(5, TimeUnit.SECONDS));
    HttpResponse<String> r = pending.get(10, TimeUnit.SECONDS);
    assertEquals(409, r.statusCode());
    assertEquals("3", r.headers().firstValue("Retry-After").orElseThrow());
    assertEquals("busy until later", error(r));
  }

  @Test
  void aStreamedBody_isSentWithItsLength_andItsCleanupRuns() throws Exception {
    HttpResponse<String> r = get("/stream");
    assertEquals("hello", r.body());
    assertEquals("5", r.headers().firstValue("Content-Length").orElseThrow());
    assertTrue(sent.await(5, TimeUnit.SECONDS), "the cleanup ran after the exchange closed");
  }

  @Test
  void keepAlive_answersManyRequestsOnOneConnection() throws Exception {
    try (Socket s = new Socket(server.server().getAddress().getAddress(), server.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int i = 0; i < 50; i++) {
        out.write(("GET /items/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
        assertEquals(("{\"id\":\"" + i + "\"}").length(), in.readNBytes(length).length);
      }
    }
    assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"), "Nagle is off for the JDK server");
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + sb);
      }
      sb.append((char) b);
    }
    return sb.toString();
  }

  @Test
  void routes_refuseBadPatternsAndDuplicates() {
    assertThrows(IllegalArgumentException.class, () -> Routes.create().get("items", r -> null));
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> Routes.create().get("/a", r -> null).get("/a", r -> null));
    assertEquals("GET /a is routed twice", twice.getMessage());
  }

  @Test
  void close_isIdempotent_andLeavesNoHandlerThread() throws Exception {
    server.close();
    server.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("perfkit-http-"))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("perfkit-http-")));
  }
}
