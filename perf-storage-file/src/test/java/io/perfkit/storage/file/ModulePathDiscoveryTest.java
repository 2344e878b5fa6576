package io.perfkit.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.storageprobe.ModulePathProbe;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tests run on the class path, where META-INF/services counts. This one starts a JVM with
 * perf-api and this module on the module path, where only {@code provides} in module-info
 * counts, and checks the file storage is found there too.
 */
final class ModulePathDiscoveryTest {

  private static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void onTheModulePath_theFileSchemeIsFoundThroughProvides() throws Exception {
    String modulePath = location(ProfileStorages.class) + File.pathSeparator + location(FileProfileStorage.class);
    String probeClasses = location(ModulePathProbe.class);
    Process p = ChildJvm.start(List.of("--module-path", modulePath, "--add-modules", "io.perfkit.storage.file",
        "-cp", probeClasses), ModulePathProbe.class);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);

    assertEquals(0, p.exitValue(), out);
    assertEquals("api module named: true\nschemes: [file]\n", out);
  }
}
