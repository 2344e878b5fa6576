package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.NewerJdk;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads pinned to their carriers, counted and timed from JFR, and the pinning rule
 * firing on them; the carrier pool's gauges on a JVM that has its MXBean (24+). Runs in a child
 * JVM of JDK 21 or later (this one when it is); on a machine with none it is skipped with that
 * reason (failed under CI).
 */
final class VirtualThreadMetricsTest {

  @Test
  void pinnedVirtualThreads_areCountedAndTimed_andTheRuleFires() throws Exception {
    Process child = new ProcessBuilder(NewerJdk.java21().toString(), "-cp", System.getProperty("java.class.path"),
        VirtualThreadsChild.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ends");
    assertEquals(0, child.exitValue(), out);
    Map<String, String> seen = out.lines().filter(l -> l.contains("="))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    assertEquals(VirtualThreadsChild.PINS, Long.parseLong(seen.get("pinned")), out);
    long maxMs = Long.parseLong(seen.get("pinned.max.ms"));
    assertTrue(maxMs >= 50 && maxMs < 5_000, "each block lasted the 50 ms the initializer slept: " + out);
    assertEquals("true", seen.get("rule.active"), out);
    assertEquals("0", seen.get("submit.failed"), out);
    if (Integer.parseInt(seen.get("jdk")) >= 24) {
      assertTrue(Long.parseLong(seen.get("scheduler.parallelism")) >= 1, "the carrier pool's size, from its MXBean: " + out);
      assertTrue(Long.parseLong(seen.get("scheduler.queued")) >= 0, out);
    }
  }
}
