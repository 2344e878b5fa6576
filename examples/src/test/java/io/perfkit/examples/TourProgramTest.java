package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tour, as CI runs it: ten seconds of load, then the report is checked. */
final class TourProgramTest {

  @TempDir Path dir;

  @Test
  void tour_catchesProfilesAndExplainsTheSlowRequest() throws Exception {
    ProgramRunner p = new ProgramRunner();
    int code = p.run("tour", "--duration", "10", "--data", dir.resolve("perf-data").toString());
    String out = p.out();
    assertEquals(0, code, out + p.err());
    assertEquals(1, out.lines().filter(l -> l.matches("listening on http://127\\.0\\.0\\.1:\\d+/")).count(), out);
    assertTrue(out.matches("(?s).*\\n  /very-slow\\s+\\d+\\s+\\d+\\.\\d ms.*"), out);
    assertTrue(out.matches("(?s).*\\n  \\d\\d:\\d\\d:\\d\\d firing\\s+RequestBurst.*"), "an alert fired:\n" + out);
    assertTrue(out.matches("(?s).*== profiles stored \\([1-9]\\d*, failed 0, dropped 0\\).*"), out);
    assertTrue(out.matches("(?s).*very-slow /very-slow \\d+ ms top: [^\\n]*DemoService\\.verySlowWork.*"), out);
    String flame = out.lines().filter(l -> l.contains("flame graph: ")).findFirst().orElseThrow();
    assertTrue(Files.readString(Path.of(flame.substring(flame.indexOf(": ") + 2))).startsWith("<!DOCTYPE html>"));
    assertTrue(out.matches("(?s).*\\n  matmul\\s+\\w+\\s+n=\\d+\\s+[0-9.]+ GFLOP/s\\s+[0-9.]+x naive.*"), out);
    assertTrue(out.matches("(?s).*\\n  growing\\s+\\+[0-9,]+ instances\\s+io\\.perfkit\\.examples\\.MemoryProgram\\$CachedOrder\\n.*"),
        "the memory chapter names the leaking class:\n" + out);
  }

  @Test
  void tour_takenPort_failsClearly() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ProgramRunner p = new ProgramRunner();
      assertEquals(2, p.run("tour", "--port", Integer.toString(taken.getLocalPort()), "--duration", "3",
          "--data", dir.resolve("data").toString()));
      assertTrue(p.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), p.err());
    }
  }

  @Test
  void tour_unwritableDataDirectory_failsClearly() throws Exception {
    Path file = dir.resolve("file");
    Files.writeString(file, "not a directory");
    ProgramRunner p = new ProgramRunner();
    assertEquals(2, p.run("tour", "--duration", "3", "--data", file.toString()));
    assertTrue(p.err().contains("cannot use data directory " + file.toAbsolutePath()), p.err());
  }
}
