package io.perfkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A real server whose handlers are held busy, read through {@link HttpEndpointServer#load()}. */
final class HandlerLoadTest {

  @Test
  void load_countsBusyHandlers_waitingExchanges_andRefusedOnes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Socket> clients = new ArrayList<>();
    try (HttpEndpointServer server = HttpEndpointServer.builder().name("app").handlerThreads(2).queueCapacity(2).build()) {
      List<String> threadNames = new java.util.concurrent.CopyOnWriteArrayList<>();
      Routes.create().get("/hold", r -> {
        threadNames.add(Thread.currentThread().getName());
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Response.text("done");
      }).mount(server.server());
      server.start();
      assertEquals(new HandlerLoad(2, 0, 0, 2, 0), server.load());
      assertFalse(server.load().saturated());

      for (int i = 0; i < 2; i++) {
        clients.add(send(server, "/hold"));
      }
      await(() -> server.load().busy() == 2, server);
      assertFalse(server.load().saturated(), "every handler busy, nobody waiting: " + server.load());
      for (int i = 0; i < 2; i++) {
        clients.add(send(server, "/hold"));
      }
      await(() -> server.load().queued() == 2, server);
      assertTrue(server.load().saturated(), server.load().toString());
      Socket refused = send(server, "/hold");
      await(() -> server.load().rejected() == 1, server);
      assertEquals(new HandlerLoad(2, 2, 2, 2, 1), server.load());
      assertClosedUnanswered(refused);

      release.countDown();
      for (Socket c : clients) {
        assertTrue(readAll(c).startsWith("HTTP/1.1 200"));
      }
      await(() -> server.load().busy() == 0 && server.load().queued() == 0, server);
      assertEquals(new HandlerLoad(2, 0, 0, 2, 1), server.load(), "refusals are counted since start");
      assertTrue(threadNames.stream().allMatch(n -> n.startsWith("perfkit-http-app-")), threadNames.toString());
    } finally {
      release.countDown();
      for (Socket c : clients) {
        c.close();
      }
    }
  }

  @Test
  void name_thatIsNotAShortName_isRefusedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HttpEndpointServer.builder().name("App Server"));
    assertTrue(e.getMessage().contains("'App Server'"), e.getMessage());
  }

  @Test
  void handlerLoad_withANegativeCount_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HandlerLoad(4, -1, 0, 8, 0));
    assertTrue(e.getMessage().contains("-1 busy"), e.getMessage());
  }

  /** A raw keep-alive-free GET, so that the test controls exactly how many exchanges are open. */
  private static Socket send(HttpEndpointServer server, String path) throws IOException {
    URI url = URI.create(server.url());
    Socket s = new Socket(url.getHost(), url.getPort());
    s.setSoTimeout(60_000);
    OutputStream out = s.getOutputStream();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  /** The server closed the connection (an end of stream, or a reset) without a byte of an answer. */
  private static void assertClosedUnanswered(Socket s) throws IOException {
    try (s) {
      assertEquals(-1, s.getInputStream().read(), "a refused exchange's connection is closed unanswered");
    } catch (java.net.SocketException reset) {
      assertTrue(String.valueOf(reset.getMessage()).contains("reset"), reset.toString());
    }
  }

  private static String readAll(Socket s) throws IOException {
    try (InputStream in = s.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void await(BooleanSupplier condition, HttpEndpointServer server) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the server's load never got there: " + server.load());
      }
      Thread.sleep(10);
    }
  }
}
