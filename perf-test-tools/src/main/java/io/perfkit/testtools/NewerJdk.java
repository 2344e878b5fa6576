package io.perfkit.testtools;

import java.nio.file.Path;

/** A {@code java} of JDK 21 or later, for tests of what virtual threads need. */
public final class NewerJdk {

  private NewerJdk() {}

  /**
   * This JVM's {@code java} when it is JDK 21 or later, else an installed one; none installed is a
   * skipped test with that reason (a failure under CI).
   */
  public static Path java21() {
    if (Runtime.version().feature() >= 21) {
      return Path.of(System.getProperty("java.home"), "bin", "java");
    }
    return ExternalTools.require("virtual threads need a JDK 21 or later beside the JDK 17 that runs the tests",
        "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java", "/usr/lib/jvm/java-25-openjdk-amd64/bin/java",
        "/usr/lib/jvm/temurin-21-jdk-amd64/bin/java", "/usr/lib/jvm/java-21-openjdk-amd64/bin/java");
  }
}
