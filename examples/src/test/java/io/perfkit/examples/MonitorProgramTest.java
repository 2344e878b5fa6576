package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class MonitorProgramTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void runsForItsDuration_listensOnLoopback_firesTheHeapAlert_andPrintsLatencies() {
    assertEquals(0, run("monitor", "--duration", "3"), err.toString(StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, text.lines().filter(l -> l.matches("listening on http://127\\.0\\.0\\.1:\\d+/")).count(), text);
    assertTrue(text.contains("alert firing: HeapHigh"), text);
    assertTrue(text.lines().anyMatch(l -> l.matches(".*/api/checkout \\d+ req/s p50 \\d+\\.\\d ms p99 \\d+\\.\\d ms.*")), text);
  }

  @Test
  void takenPort_isAClearErrorAndANonZeroExit() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code = run("monitor", "--port", Integer.toString(taken.getLocalPort()), "--duration", "1");
      assertEquals(2, code);
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()),
          err.toString(StandardCharsets.UTF_8));
    }
  }
}
