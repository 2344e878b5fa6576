package io.perfkit.profiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.NewerJdk;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads pinned in a class initializer, recorded by a capture in a JDK 21+ child JVM,
 * are named in the pinning report with their site and duration.
 */
final class PinningReportTest {

  @Test
  void aVirtualThreadPinnedInAClassInitializer_isNamedWithItsSiteAndDuration() throws Exception {
    Process child = new ProcessBuilder(NewerJdk.java21().toString(), "-cp", System.getProperty("java.class.path"),
        PinningChild.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ends");
    assertEquals(0, child.exitValue(), out);
    Matcher total = Pattern.compile("Virtual threads pinned: (\\d+) times, (\\S+ \\S+) in all; 0 failed to start").matcher(out);
    assertTrue(total.find(), out);
    assertTrue(Integer.parseInt(total.group(1)) >= 1, out);
    // the initializer's own thread; the others, waiting for it, are pinned too, at their own site
    Matcher site = Pattern.compile("(?m)^ +\\S+ \\S+ +(\\d+)  longest +([0-9.]+) ms  "
        + Pattern.quote("io.perfkit.profiler.analysis.PinningChild$SlowInit.<clinit>")).matcher(out);
    assertTrue(site.find(), out);
    assertTrue(!out.contains("Lambdax") && !out.contains("Lambda.0x"), "lambda classes lose their per-run suffix: " + out);
    assertTrue(Double.parseDouble(site.group(2)) >= 50, "the 60 ms sleep, pinned: " + out);
  }
}
