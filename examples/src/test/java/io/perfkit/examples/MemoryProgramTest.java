package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory example finds its own leak by class and allocation site, reports GC, and a rule fires. */
final class MemoryProgramTest {

  @TempDir Path dir;

  @Test
  void theCaptureLineReadsAsEnglish() {
    assertEquals("an allocation", MemoryProgram.article("allocation"));
    assertEquals("a heap", MemoryProgram.article("heap"));
    assertEquals("a cpu", MemoryProgram.article("cpu"));
  }

  @Test
  void memory_namesTheLeak_theSite_theGc_andTheRuleThatFired() throws Exception {
    ProgramRunner p = new ProgramRunner();
    int code = p.run("memory", "--duration", "4", "--out", dir.toString());
    String out = p.out();
    assertEquals(0, code, out + p.err());
    String growing = out.substring(out.indexOf("classes growing"));
    assertTrue(growing.lines().limit(8).anyMatch(l -> l.endsWith("io.perfkit.examples.MemoryProgram$CachedOrder")),
        "the leaking class is among the five that grew most:\n" + out);
    assertTrue(out.matches("(?s).*allocated at io\\.perfkit\\.examples\\.MemoryProgram(\\.cacheOrder|\\$CachedOrder\\.<init>):\\d+.*"),
        "the leak's allocation site:\n" + out);
    assertTrue(out.contains("GC root: "), "a path to a GC root:\n" + out);
    assertTrue(out.matches("(?s).*GC report: [0-9.]+ s of wall time.*pauses +\\d+, total.*"), out);
    assertTrue(out.contains("alert firing: JvmAllocationRate"), out);
    assertTrue(out.matches("(?s).*captured allocation profile for alert JvmAllocationRate: .*\\.jfr\\n.*"), out);
    assertEquals(2, new ProgramRunner().run("memory", "--duration", "1"));
  }
}
