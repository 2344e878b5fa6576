package io.perfkit.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Checks a recording with the JDK's own {@code jfr} tool. */
public final class JfrFiles {

  private JfrFiles() {}

  /** {@code jfr summary FILE} succeeds and lists {@code expectedEvent}. */
  public static void assertJfrToolReads(Path file, String expectedEvent) throws Exception {
    Path jfr = ExternalTools.jdkTool("jfr");
    Process p = new ProcessBuilder(jfr.toString(), "summary", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains(expectedEvent), "jfr summary of " + file + " lacks " + expectedEvent + ":\n" + out);
  }
}
