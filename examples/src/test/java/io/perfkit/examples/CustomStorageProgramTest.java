package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CustomStorageProgramTest {

  @TempDir Path dir;

  @Test
  void storesQueriesAndReadsBackWithBothSchemes() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of("custom-storage", "--data", dir.toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);

    assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
    assertTrue(text.contains("installed storage schemes: [file, s3, zip]"), text);
    assertTrue(text.contains("opened ZipProfileStorage"), text);
    assertTrue(text.contains("opened FileProfileStorage"), text);
    assertEquals(2, text.lines().filter(l -> l.matches("read {5}\\d+ bytes, identical; first line: \".+")).count(), text);
    assertTrue(Files.size(dir.resolve("profiles.zip")) > 0);
  }
}
