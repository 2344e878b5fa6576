package io.perfkit.storage.file;

import static io.perfkit.storage.file.StorageFixtures.content;
import static io.perfkit.storage.file.StorageFixtures.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.StoredProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real child JVM stores profiles and is killed with {@code destroyForcibly} (SIGKILL) at a
 * random moment, five times over. After each kill the store is reopened and checked profile by
 * profile: every store that returned is there, byte for byte, and every profile present is whole.
 */
final class CrashRecoveryTest {

  @TempDir Path dir;

  @Test
  void killedWhileStoring_everyProfileIsWholeOrAbsent_andEveryReturnedStoreSurvives() throws Exception {
    Random random = new Random(42);
    Map<String, Long> confirmed = new LinkedHashMap<>();
    long nextSeed = 1;
    for (int round = 0; round < 5; round++) {
      Process child = ChildJvm.start(ChildJvm.classPath(), CrashChild.class, dir.toString(), Long.toString(nextSeed));
      int killAfter = 5 + random.nextInt(30);
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("open "), "child did not open the storage: " + first);
        if (round == 0) {
          IOException e = assertThrows(IOException.class, () -> FileProfileStorage.builder(dir).open());
          assertTrue(e.getMessage().contains("in use by another storage (pid " + child.pid() + ")"), e.getMessage());
        }
        for (int stored = 0; stored < killAfter; ) {
          String line = out.readLine();
          assertTrue(line != null, "child ended early");
          String[] f = line.split(" ");
          confirmed.put(f[1], Long.parseLong(f[2]));
          nextSeed = Long.parseLong(f[2]) + 1;
          stored++;
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        // a store may have returned after the last line we read: skip its seed for the next round
        nextSeed += 1000;
      }

      try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
        for (Map.Entry<String, Long> e : confirmed.entrySet()) {
          assertTrue(s.find(e.getKey()).isPresent(), "round " + round + ": confirmed store lost: " + e.getKey());
        }
        List<StoredProfile> all = s.query(ProfileQuery.all());
        assertTrue(all.size() >= confirmed.size());
        for (StoredProfile p : all) {
          long seed = Long.parseLong(p.metadata().labels().get("seed").orElseThrow());
          assertArrayEquals(content(seed), read(s, p.id()), "round " + round + ": profile " + p.id() + " is not whole");
        }
        try (Stream<Path> tmp = Files.list(dir.resolve("tmp"))) {
          assertEquals(0, tmp.count(), "temporary files left after reopening");
        }
      }
    }
  }
}
