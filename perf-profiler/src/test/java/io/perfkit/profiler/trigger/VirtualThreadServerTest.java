package io.perfkit.profiler.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.NewerJdk;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A slow request served on a virtual thread is profiled as one on a platform thread is: its
 * profile singles out the request's own samples, with its hot method on top and the busy platform
 * thread beside it left out. Runs in a child JVM of JDK 21 or later (this one when it is); on a
 * machine with none it is skipped with that reason (failed under CI).
 */
final class VirtualThreadServerTest {

  @Test
  void aSlowRequestOnAVirtualThread_isProfiledWithItsHotMethodOnTop() throws Exception {
    Process child = new ProcessBuilder(NewerJdk.java21().toString(), "-cp", System.getProperty("java.class.path"),
        VirtualThreadServerChild.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ends");
    assertEquals(0, child.exitValue(), out);
    List<String> lines = out.lines().toList();
    assertTrue(lines.contains("virtual=true"), "the request ran on a virtual thread: " + out);
    assertTrue(lines.contains("profiles=1"), out);
    String labels = lines.stream().filter(l -> l.startsWith("labels=")).findFirst().orElseThrow();
    assertTrue(labels.matches(".*\\bthread=#\\d+,.*"), "an unnamed virtual thread is named by its id: " + labels);
    assertTrue(!labels.contains("cpu_ms="), "no CPU time of a virtual thread is claimed: " + labels);
    List<String> top = lines.stream().filter(l -> l.startsWith("top=")).toList();
    assertTrue(!top.isEmpty() && top.get(0).startsWith("top=io.perfkit.profiler.Workloads.spinInUniquelyNamedHotMethod "),
        "the request's hot method on top: " + out);
    int share = Integer.parseInt(top.get(0).substring(top.get(0).lastIndexOf(' ') + 1));
    assertTrue(share >= 80, "the request's samples are its own: " + out);
    assertTrue(top.stream().noneMatch(l -> l.contains("otherBusyMethod")), "the platform bystander is left out: " + out);
  }
}
