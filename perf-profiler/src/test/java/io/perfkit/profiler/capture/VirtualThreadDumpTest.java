package io.perfkit.profiler.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.NewerJdk;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A thread dump of a JVM with 10,000 virtual threads parked in one place reads as one group with
 * its count. Runs in a child JVM of JDK 21 or later (this one when it is); on a machine with none
 * it is skipped with that reason (failed under CI).
 */
final class VirtualThreadDumpTest {

  @Test
  void tenThousandVirtualThreads_readAsOneGroupWithItsCount() throws Exception {
    Process child = new ProcessBuilder(NewerJdk.java21().toString(), "-cp", System.getProperty("java.class.path"),
        VirtualThreadsChild.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String dump = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ends");
    assertEquals(0, child.exitValue(), dump);
    int at = dump.indexOf("Threads by stack: ");
    assertTrue(at >= 0, "a grouped section:\n" + dump.substring(0, Math.min(dump.length(), 3000)));
    String grouped = dump.substring(at);
    Matcher total = Pattern.compile("Threads by stack: (\\d+) threads \\((\\d+) virtual\\) in (\\d+) groups").matcher(grouped);
    assertTrue(total.find(), grouped.substring(0, Math.min(grouped.length(), 2000)));
    assertTrue(Integer.parseInt(total.group(2)) >= VirtualThreadsChild.THREADS, total.group());
    // the first group is the ten thousand, parked in the method, in a few lines
    List<String> lines = grouped.lines().skip(2).limit(40).toList();
    assertTrue(lines.get(0).startsWith(VirtualThreadsChild.THREADS + " threads (" + VirtualThreadsChild.THREADS + " virtual) WAITING: "),
        String.join("\n", lines));
    assertTrue(lines.stream().takeWhile(l -> !l.isEmpty())
            .anyMatch(l -> l.contains("VirtualThreadsChild.parkedInUniquelyNamedVirtualMethod(")), String.join("\n", lines));
    assertTrue(Integer.parseInt(total.group(3)) < 100, "a handful of groups, not ten thousand: " + total.group());
    assertTrue(dump.length() < 200_000, "the dump stays short: " + dump.length() + " characters");
  }
}
