package io.perfkit.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.s3probe.ModulePathProbe;
import io.perfkit.storage.s3.local.LocalS3;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests run on the class path, where META-INF/services counts. This one starts a JVM with
 * perf-api, this module and the AWS SDK (automatic modules) on the module path, where only
 * {@code provides} in module-info counts, and stores a profile through it.
 */
final class ModulePathDiscoveryTest {

  @TempDir Path dir;

  private static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void onTheModulePath_theS3SchemeIsFoundThroughProvides_andStores() throws Exception {
    List<String> modulePath = new ArrayList<>(List.of(location(ProfileStorages.class), location(S3ProfileStorage.class)));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String e = entry.replace(File.separatorChar, '/');
      if (e.contains("/software/amazon/awssdk/") || e.contains("/org/reactivestreams/") || e.contains("/org/slf4j/slf4j-api/")) {
        modulePath.add(entry);
      }
    }
    try (LocalS3 s3 = LocalS3.start(dir).bucket("probe")) {
      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--module-path", String.join(File.pathSeparator, modulePath), "--add-modules", "io.perfkit.storage.s3",
          "-cp", location(ModulePathProbe.class), ModulePathProbe.class.getName(),
          s3.storageUri("probe", "m", "retentionInterval=0s").toString());
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      assertEquals(0, p.exitValue(), out);
      assertEquals("storage module named: true\nschemes: [s3]\nstored and found: 1\n",
          out.lines().filter(l -> !l.startsWith("SLF4J")).map(l -> l + "\n").reduce("", String::concat));
    }
  }
}
