package io.perfkit.testtools;

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
    throw unavailable(message);
  }

  /**
   * The first of {@code candidates} that exists and also works: run with {@code probe} as its
   * arguments, it exits 0 within 60 s (a {@code python3} that imports the module a test needs, a
   * browser that starts). Otherwise, as {@link #require}: under CI a failure, elsewhere a skip,
   * with what the probe printed.
   */
  public static Path requireWorking(String why, List<String> probe, String... candidates) {
    Path tool = require(why, candidates);
    String failure;
    try {
      List<String> command = new java.util.ArrayList<>();
      command.add(tool.toString());
      command.addAll(probe);
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        failure = "did not finish within 60 s";
      } else if (p.exitValue() == 0) {
        return tool;
      } else {
        failure = "exited " + p.exitValue() + ": " + out.strip();
      }
    } catch (java.io.IOException e) {
      failure = "could not run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted";
    }
    String message = tool + " " + String.join(" ", probe) + " " + failure + ": " + why;
    throw unavailable(message);
  }

  /** The JDK tool {@code name} (jfr, jcmd) of the running JVM. */
  public static Path jdkTool(String name) {
    Path p = Path.of(System.getProperty("java.home"), "bin", name);
    if (!Files.isExecutable(p)) {
      return require("it ships with the JDK", name);
    }
    return p;
  }

  /**
   * What a test does when something it needs is not here: under {@code CI=true} it fails, so a CI
   * run can never pass by skipping; elsewhere it is skipped. Never returns normally; callers
   * {@code throw} its result so the compiler knows.
   */
  public static AssertionError unavailable(String message) {
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
    return new AssertionError("unreachable");
  }
}
