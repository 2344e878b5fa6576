package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noArgument_listsEveryProgramOnOneLineEach() {
    assertEquals(0, run());
    for (ExampleProgram p : Main.PROGRAMS) {
      assertTrue(out().lines().anyMatch(l -> l.trim().startsWith(p.name() + " ") && l.contains(p.summary())),
          p.name() + " missing from:\n" + out());
    }
  }

  @Test
  void everyProgram_hasHelpThatStartsWithItsUsage() {
    for (ExampleProgram p : Main.PROGRAMS) {
      out.reset();
      assertEquals(0, run(p.name(), "--help"));
      assertTrue(out().startsWith("usage: java -jar perf-examples.jar " + p.name()), out());
    }
  }

  @Test
  void unknownProgram_exitsTwoNamingIt() {
    assertEquals(2, run("nope"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("unknown program 'nope'; programs: "), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void badArgument_exitsTwoNamingIt() {
    assertEquals(2, run("installed", "--bogus"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown argument '--bogus'"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void installed_listsTheThreeSpis() {
    assertEquals(0, run("installed"));
    assertTrue(out().contains("profile storages ("), out());
    assertTrue(out().contains("kernels ("), out());
    assertTrue(out().contains("alert rules ("), out());
  }
}
