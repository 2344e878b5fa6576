package io.perfkit.benchmarks.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories for storage benchmarks, under {@code perfkit.bench.dir} or the temp dir. */
final class BenchDirs {

  private BenchDirs() {}

  static Path create(String prefix) throws IOException {
    String root = System.getProperty("perfkit.bench.dir");
    Path parent = root == null ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(root);
    Files.createDirectories(parent);
    return Files.createTempDirectory(parent, prefix);
  }

  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
