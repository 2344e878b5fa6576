package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The container example, run as a user runs it (a JVM of its own) under a real CPU quota: it
 * names the quota as the cause of its slow requests, and the file and the host behind its I/O
 * waits.
 */
final class ContainerProgramTest {

  private static final Pattern PHASE = Pattern.compile(
      "(?m)^(calm|batch job) +/price p50 +\\d+ ms, p99 +\\d+ ms, +(\\d+) of +(\\d+) over 50 ms; quota ran out in ([0-9.]+) % of periods$");

  @Test
  void underAQuota_theBatchJobThrottles_theQuotaIsTheCause_andTheFileAndHostAreNamed() throws Exception {
    // in a JVM of its own, as a user runs it: the program moves its whole process into a cgroup
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "container", "--duration", "6")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the example ends");
    assertEquals(0, child.exitValue(), out);
    if (out.startsWith("no CPU quota could be set")) {
      throw ExternalTools.unavailable("the container example needs a writable cgroup: " + out.lines().findFirst().orElse(""));
    }
    assertTrue(out.startsWith("CPU quota: 1.00 CPUs (100 ms per 100 ms period)"), out);
    Matcher m = PHASE.matcher(out);
    double[] share = new double[2];
    for (int i = 0; i < 2; i++) {
      assertTrue(m.find(), "a line per phase:\n" + out);
      share[i] = Double.parseDouble(m.group(4));
    }
    assertTrue(share[1] >= 50, "two burning threads exhaust a one-CPU quota in most periods:\n" + out);
    assertTrue(out.contains("alert firing: ContainerCpuThrottled"), out);
    assertTrue(out.matches("(?s).*\\ncause: the CPU quota: the container was throttled for [0-9.]+ % of the request.*"), out);
    assertTrue(out.matches("(?s).*\\ncause of the I/O waits: the file /\\S+/inventory\\.fifo \\([^)]+\\) and the host "
        + "(localhost|127\\.0\\.0\\.1):\\d+ \\([^)]+\\)\\n.*"), out);
    String cgroup = out.substring(out.indexOf(" in /") + 4, out.indexOf('\n')).trim();
    assertTrue(!Files.exists(Path.of(cgroup)), "the example removed its cgroup " + cgroup);
  }

  @Test
  void badOptions_areNamed() {
    ProgramRunner p = new ProgramRunner();
    assertEquals(2, p.run("container", "--cpus", "0.01"));
    assertTrue(p.err().contains("--cpus must be between 0.1 and 4; got 0.01"), p.err());
    ProgramRunner q = new ProgramRunner();
    assertEquals(2, q.run("container", "--cpus", "half"));
    assertTrue(q.err().contains("got 'half'"), q.err());
  }
}
