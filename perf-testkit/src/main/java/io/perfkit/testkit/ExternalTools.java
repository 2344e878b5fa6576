package io.perfkit.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs that tests drive for real ({@code promtool}, {@code go},
 * {@code chromium}, the JDK's {@code jfr}). On a developer's machine a missing tool skips the
 * test; under {@code CI=true} it fails it, so a CI run can never pass by skipping.
 */
public final class ExternalTools {

  private ExternalTools() {}

  /**
   * The first of {@code candidates} that exists and is executable (absolute paths, or names
   * looked up on PATH).
   */
  public static Optional<Path> find(String... candidates) {
    for (String c : candidates) {
      if (c.contains("/")) {
        Path p = Path.of(c);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
        continue;
      }
      String path = System.getenv("PATH");
      if (path == null) {
        continue;
      }
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path p = Path.of(dir, c);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The tool, or: under CI, a failure; elsewhere, a skipped test. {@code why} says what the tool
   * is for and how to install it.
   */
  public static Path require(String why, String... candidates) {
    Optional<Path> tool = find(candidates);
    if (tool.isPresent()) {
      return tool.get();
    }
    String message = "none of " + List.of(candidates) + " is installed: " + why;
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  /** The JDK tool {@code name} (jfr, jcmd) of the running JVM. */
  public static Path jdkTool(String name) {
    Path p = Path.of(System.getProperty("java.home"), "bin", name);
    if (!Files.isExecutable(p)) {
      return require("it ships with the JDK", name);
    }
    return p;
  }
}
