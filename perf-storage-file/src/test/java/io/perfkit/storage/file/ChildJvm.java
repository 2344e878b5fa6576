package io.perfkit.storage.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a JVM like this one (same java, same class path) for crash and module-path tests. */
final class ChildJvm {

  private ChildJvm() {}

  static Process start(List<String> jvmArgs, Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  static List<String> classPath() {
    return List.of("-cp", System.getProperty("java.class.path"));
  }
}
