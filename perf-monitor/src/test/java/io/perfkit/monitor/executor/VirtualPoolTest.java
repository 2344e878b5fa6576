package io.perfkit.monitor.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.NewerJdk;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A virtual-thread-per-task executor, measured: every task timed, 10,000 alive at once counted as
 * active, and the timers' memory not growing by a table per virtual thread. Runs in a child JVM
 * of JDK 21 or later (this one when it is); on a machine with none it is skipped with that reason
 * (failed under CI).
 */
final class VirtualPoolTest {

  @Test
  void tenThousandVirtualThreads_areEachTimed_inAFewSharedTables() throws Exception {
    Process child = new ProcessBuilder(NewerJdk.java21().toString(), "-cp", System.getProperty("java.class.path"),
        VirtualPoolChild.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ends");
    assertEquals(0, child.exitValue(), out);
    Map<String, Long> seen = out.lines().filter(l -> l.contains("="))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> Long.parseLong(l.substring(l.indexOf('=') + 1))));
    int n = VirtualPoolChild.TASKS;
    assertEquals(n, seen.get("active.during"), out);
    assertEquals(n, seen.get("waits"), out);
    assertEquals(n, seen.get("completed"), out);
    assertEquals(n, seen.get("runs"), out);
    // a few shared tables of a few kilobytes; one per virtual thread would be tens of megabytes
    assertTrue(seen.get("footprint") < 2_000_000, out);
  }
}
