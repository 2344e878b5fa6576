package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.NewerJdk;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pinning rule, end to end: virtual threads keep blocking while pinned, the shipped rule's
 * condition holds, and the lock profile it names is captured with the pinning sites in it. Runs in
 * a child JVM of JDK 21 or later (this one when it is); on a machine with none it is skipped with
 * that reason (failed under CI).
 */
final class PinningCaptureTest {

  @Test
  void sustainedPinning_firesTheRule_andItsProfileNamesTheSite() throws Exception {
    Process child = new ProcessBuilder(NewerJdk.java21().toString(), "-cp", System.getProperty("java.class.path"),
        PinningCaptureChild.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ends");
    assertEquals(0, child.exitValue(), out);
    Matcher rate = Pattern.compile("(?m)^rule\\.rate=([0-9.]+)$").matcher(out);
    assertTrue(rate.find() && Double.parseDouble(rate.group(1)) > 1, "the rule's condition held: " + out);
    assertTrue(out.contains("\ncaptured=lock\n"), "the rule names a lock profile, and it was captured: " + out);
    assertTrue(out.contains("\nalert=JvmVirtualThreadPinned\n"), out);
    Matcher pinned = Pattern.compile("(?m)^Virtual threads pinned: (\\d+) times").matcher(out);
    assertTrue(pinned.find() && Integer.parseInt(pinned.group(1)) >= 3, "ten pins a second for a second: " + out);
    assertTrue(out.lines().anyMatch(l -> l.contains("io.perfkit.testtools.Pinning$SlowInit")), "the site is named: " + out);
  }
}
