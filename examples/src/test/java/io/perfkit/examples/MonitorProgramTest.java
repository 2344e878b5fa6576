package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    String number = "\\d+(\\.\\d+)?";
    String latency = number + " (µs|ms|s)";
    assertTrue(text.lines().anyMatch(l -> l.matches(".*/api/checkout \\d+ req/s p50 " + latency + " p99 " + latency + ".*")),
        text);
    assertTrue(text.lines().anyMatch(l -> l.matches(".* heap " + number + " (KiB|MiB|GiB) used of " + number
        + " (MiB|GiB) committed, threads \\d+ .*")), text);
    assertTrue(!text.contains("e+") && !text.contains(" bytes") && !text.contains("no data"), text);
  }

  /** The alert's message says the committed heap in binary units, above the threshold it names. */
  @Test
  void theHeapAlert_saysTheCommittedHeapInMebibytes_aboveItsThreshold() {
    assertEquals(0, run("monitor", "--duration", "1"), err.toString(StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("alert firing: HeapHigh — heap committed is (\\d+(?:\\.\\d+)?) (MiB|GiB), above 32 MiB "
        + "\\(set low so the demo fires\\)").matcher(text);
    assertTrue(m.find(), text);
    double mib = Double.parseDouble(m.group(1)) * (m.group(2).equals("GiB") ? 1024 : 1);
    assertTrue(mib > 32, "the value that fired is above the threshold: " + m.group());
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
