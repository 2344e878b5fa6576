package io.perfkit.storage.file;

import static io.perfkit.storage.file.StorageFixtures.T0;
import static io.perfkit.storage.file.StorageFixtures.content;
import static io.perfkit.storage.file.StorageFixtures.meta;
import static io.perfkit.storage.file.StorageFixtures.read;
import static io.perfkit.storage.file.StorageFixtures.store;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.RetentionPolicy;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.storage.file.StorageFixtures.LogCapture;
import io.perfkit.testkit.ManualTimeSource;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FileProfileStorageTest {

  @TempDir Path dir;

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }

  // ------------------------------------------------------------------ provider and layout

  @Test
  void provider_isFoundByServiceLoaderForTheFileScheme() throws IOException {
    try (ProfileStorage s = ProfileStorages.open("file:" + dir.toUri().getPath())) {
      assertInstanceOf(FileProfileStorage.class, s);
      assertEquals(dir.toAbsolutePath(), ((FileProfileStorage) s).directory());
    }
    assertTrue(ProfileStorages.installedSchemes().contains("file"));
  }

  @Test
  void provider_relativeAndTripleSlashUrisWork() throws IOException {
    Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("rel"));
    try (FileProfileStorage s = (FileProfileStorage) ProfileStorages.open("file:./" + relative + "?maxCount=5")) {
      assertEquals(dir.resolve("rel").toAbsolutePath(), s.directory());
    }
    try (FileProfileStorage s = (FileProfileStorage) ProfileStorages.open(dir.resolve("abs").toUri().toString())) {
      assertEquals(dir.resolve("abs").toAbsolutePath(), s.directory());
    }
  }

  @Test
  void provider_unknownOrMalformedOptions_areNamed() {
    String base = "file:" + dir.toUri().getPath();
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> ProfileStorages.open(base + "?maxAgee=7d"));
    assertTrue(unknown.getMessage().startsWith("unknown option 'maxAgee' in storage URI"), unknown.getMessage());
    assertTrue(unknown.getMessage().endsWith("knows [fsync, maxAge, maxBytes, maxCount, retentionInterval]"),
        unknown.getMessage());
    assertEquals("option maxAge='7 days' is not a duration; use " + io.perfkit.api.Durations.GRAMMAR,
        assertThrows(IllegalArgumentException.class, () -> ProfileStorages.open(base + "?maxAge=7%20days")).getMessage());
    assertEquals("option maxBytes='lots' is not a size; use bytes or a number with KB, MB, GB, KiB, MiB or GiB",
        assertThrows(IllegalArgumentException.class, () -> ProfileStorages.open(base + "?maxBytes=lots")).getMessage());
    assertEquals("option maxCount='0' is not a positive whole number",
        assertThrows(IllegalArgumentException.class,
            () -> ProfileStorages.open(URI.create(base), Map.of("maxCount", "0"))).getMessage());
    IllegalArgumentException host = assertThrows(IllegalArgumentException.class,
        () -> ProfileStorages.open("file://db.example/x"));
    assertTrue(host.getMessage().contains("names host 'db.example'"), host.getMessage());
  }

  @Test
  void builder_retentionPolicyOrSingleLimits_notBoth_inEitherOrder_andNoSubMillisecondSchedule() {
    RetentionPolicy policy = RetentionPolicy.none().withMaxCount(10);
    IllegalStateException after = assertThrows(IllegalStateException.class,
        () -> FileProfileStorage.builder(dir).maxAge(Duration.ofDays(1)).retention(policy));
    assertTrue(after.getMessage().endsWith("after maxAge, maxBytes or maxCount: use one or the other"), after.getMessage());
    IllegalStateException before = assertThrows(IllegalStateException.class,
        () -> FileProfileStorage.builder(dir).retention(policy).maxAge(Duration.ofDays(1)));
    assertTrue(before.getMessage().startsWith("maxAge, maxBytes or maxCount after retention("), before.getMessage());
    assertEquals("retentionInterval PT0.0005S must be zero (off) or at least 1 ms", assertThrows(IllegalArgumentException.class,
        () -> FileProfileStorage.builder(dir).retentionInterval(Duration.ofNanos(500_000))).getMessage());
  }

  @Test
  void layout_isByDayAndType_withTheFormatsExtension() throws IOException {
    try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      StoredProfile p = s.store(new ProfileMetadata(ProfileType.ALLOCATION, T0, Duration.ofSeconds(3), "jfr",
          Labels.empty()), new ByteArrayInputStream(new byte[] {1, 2, 3}));
      StoredProfile dump = s.store(new ProfileMetadata(ProfileType.THREAD_DUMP, T0, Duration.ZERO, "txt",
          Labels.empty()), new ByteArrayInputStream("\"main\" RUNNABLE".getBytes(StandardCharsets.UTF_8)));

      Path content = dir.resolve("profiles/2026-11-27/allocation/" + p.id() + ".jfr");
      assertEquals(content, s.contentPath(p.id()).orElseThrow());
      assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(content));
      assertTrue(Files.exists(dir.resolve("profiles/2026-11-27/thread_dump/" + dump.id() + ".txt")));
      assertTrue(p.id().startsWith("20261127T100000Z-allocation-"), p.id());
      String meta;
      if (s.metadataInAttribute()) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(content, UserDefinedFileAttributeView.class);
        ByteBuffer buf = ByteBuffer.allocate(view.size("perfkit.meta"));
        view.read("perfkit.meta", buf);
        meta = new String(buf.array(), StandardCharsets.UTF_8);
        assertFalse(Files.exists(dir.resolve("profiles/2026-11-27/allocation/" + p.id() + ".meta")));
      } else {
        meta = Files.readString(dir.resolve("profiles/2026-11-27/allocation/" + p.id() + ".meta"));
      }
      assertTrue(meta.contains("\ntype=allocation\n"), meta);
    }
  }

  @Test
  void layout_withoutAttributes_putsAMetaFileBesideTheContent() throws IOException {
    try (FileProfileStorage s = FileProfileStorage.builder(dir).metadataInAttribute(false).open()) {
      StoredProfile p = store(s, 1, 0);
      String meta = Files.readString(dir.resolve("profiles/2026-11-27/cpu/" + p.id() + ".meta"));
      assertTrue(meta.startsWith("perfkit-profile 1\nid=" + p.id() + "\ntype=cpu\n"), meta);
      assertTrue(meta.contains("\nlabel.seed=1\n"), meta);
    }
  }

  @Test
  void metadataTooLargeForAnAttribute_goesToAMetaFile_andSurvivesReopen() throws IOException {
    Labels big = Labels.of("a", "x".repeat(1000), "b", "y".repeat(1000), "c", "z".repeat(1000), "d", "w".repeat(1000),
        "e", "v".repeat(1000));
    StoredProfile p;
    try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      p = s.store(meta(1, 0).withLabels(big), new ByteArrayInputStream(new byte[] {9}));
    }
    Files.delete(dir.resolve(".clean"));
    try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      assertEquals(big, s.find(p.id()).orElseThrow().metadata().labels());
    }
  }

  @Test
  void reopen_afterCleanClose_keepsEverythingWithoutWarnings() throws IOException {
    List<StoredProfile> stored = new ArrayList<>();
    try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      for (int i = 0; i < 30; i++) {
        stored.add(store(s, i, i));
      }
      s.delete(stored.remove(5).id());
    }
    try (LogCapture log = new LogCapture(); FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      assertEquals(List.of(), log.warnings());
      assertEquals(29, s.size());
      for (StoredProfile p : stored) {
        assertEquals(p, s.find(p.id()).orElseThrow());
        assertArrayEquals(content(Long.parseLong(p.metadata().labels().get("seed").orElseThrow())), read(s, p.id()));
      }
    }
  }

  @Test
  void secondOpenOfTheSameDirectory_failsClearly_untilTheFirstCloses() throws IOException {
    try (FileProfileStorage first = FileProfileStorage.builder(dir).open()) {
      IOException e = assertThrows(IOException.class, () -> FileProfileStorage.builder(dir).open());
      assertTrue(e.getMessage().contains("is in use by another storage (pid " + ProcessHandle.current().pid() + ")"),
          e.getMessage());
      store(first, 1, 1);
    }
    try (FileProfileStorage again = FileProfileStorage.builder(dir).open()) {
      assertEquals(1, again.size());
    }
  }

  // ------------------------------------------------------------------ recovery

  @Test
  void open_removesLeftoverTemporaryFilesAndOrphanContent() throws IOException {
    StoredProfile kept;
    try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      kept = store(s, 1, 1);
    }
    Files.write(dir.resolve("tmp/20261127T100000Z-cpu-0000000000000001.jfr.tmp"), new byte[100]);
    Path typeDir = dir.resolve("profiles/2026-11-27/cpu");
    Path orphan = typeDir.resolve("20261127T100000Z-cpu-00000000000000aa.jfr");
    Files.write(orphan, new byte[10]);
    Files.delete(dir.resolve(".clean"));

    try (LogCapture log = new LogCapture(); FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      assertEquals(List.of(kept.id()), s.query(ProfileQuery.all()).stream().map(StoredProfile::id).collect(Collectors.toList()));
      assertEquals(List.of(), files(dir.resolve("tmp")));
      assertFalse(Files.exists(orphan));
      assertEquals(1, log.warnings().size(), log.warnings().toString());
      assertTrue(log.warnings().get(0).contains("1 content file(s) without metadata"), log.warnings().get(0));
    }
  }

  @Test
  void open_indexThatLostItsTail_isRebuiltFromDisk() throws IOException {
    List<String> ids = new ArrayList<>();
    try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      for (int i = 0; i < 10; i++) {
        ids.add(store(s, i, i).id());
      }
    }
    Path index = dir.resolve("index.log");
    byte[] bytes = Files.readAllBytes(index);
    Files.write(index, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    try (LogCapture log = new LogCapture(); FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      assertEquals(10, s.size());
      assertEquals(1, log.warnings().size(), log.warnings().toString());
      assertTrue(log.warnings().get(0).contains("does not match the size recorded"), log.warnings().get(0));
    }
    try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      assertEquals(10, s.size(), "the repaired index is written back");
    }
  }

  @Test
  void open_indexWithACorruptRecord_isRebuiltAndTheWarningSaysWhichLine() throws IOException {
    try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      for (int i = 0; i < 10; i++) {
        store(s, i, i);
      }
    }
    Path index = dir.resolve("index.log");
    byte[] bytes = Files.readAllBytes(index);
    int thirdLine = 0;
    for (int n = 0; n < 2; thirdLine++) {
      if (bytes[thirdLine] == '\n') {
        n++;
      }
    }
    bytes[thirdLine + 5] ^= 0x01;
    Files.write(index, bytes);

    try (LogCapture log = new LogCapture(); FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      assertEquals(10, s.size());
      assertEquals(1, log.warnings().size(), log.warnings().toString());
      assertTrue(log.warnings().get(0).contains("index line 3 is corrupt (checksum mismatch)"), log.warnings().get(0));
    }
  }

  @Test
  void open_corruptMetadataFile_skipsThatProfileOnlyAndSaysSo() throws IOException {
    List<StoredProfile> stored = new ArrayList<>();
    try (FileProfileStorage s = FileProfileStorage.builder(dir).metadataInAttribute(false).open()) {
      for (int i = 0; i < 5; i++) {
        stored.add(store(s, i, i));
      }
    }
    StoredProfile victim = stored.get(2);
    Path meta = dir.resolve("profiles/2026-11-27/cpu/" + victim.id() + ".meta");
    String text = Files.readString(meta).replace("sizeBytes=", "sizeBytes=9");
    Files.writeString(meta, text);
    Files.delete(dir.resolve(".clean"));

    try (LogCapture log = new LogCapture();
        FileProfileStorage s = FileProfileStorage.builder(dir).metadataInAttribute(false).open()) {
      assertEquals(4, s.size());
      assertTrue(s.find(victim.id()).isEmpty());
      assertTrue(Files.exists(meta), "the unreadable record was removed");
      assertEquals(1, log.warnings().size(), log.warnings().toString());
      assertTrue(log.warnings().get(0).contains("metadata file " + meta + " is corrupt (checksum mismatch"),
          log.warnings().get(0));
    }
  }

  @Test
  void open_corruptMetadataAttribute_skipsThatProfileOnly_andKeepsItsFile() throws IOException {
    List<StoredProfile> stored = new ArrayList<>();
    try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      assumeTrue(s.metadataInAttribute(), "this file system has no user extended attributes");
      for (int i = 0; i < 5; i++) {
        stored.add(store(s, i, i));
      }
    }
    StoredProfile victim = stored.get(1);
    Path content = dir.resolve("profiles/2026-11-27/cpu/" + victim.id() + ".jfr");
    Files.getFileAttributeView(content, UserDefinedFileAttributeView.class)
        .write("perfkit.meta", ByteBuffer.wrap("perfkit-profile 1\nid=x\n".getBytes(StandardCharsets.UTF_8)));
    Files.delete(dir.resolve(".clean"));

    try (LogCapture log = new LogCapture(); FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      assertEquals(4, s.size());
      assertTrue(Files.exists(content));
      assertEquals(1, log.warnings().size(), log.warnings().toString());
      assertTrue(log.warnings().get(0).contains("metadata attribute of " + content + " is corrupt (truncated: no crc32c line)"),
          log.warnings().get(0));
    }
  }

  @Test
  void open_afterUncleanShutdown_findsProfilesMissingFromTheIndex() throws IOException {
    try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      for (int i = 0; i < 6; i++) {
        store(s, i, i);
      }
    }
    // As after a kill: no clean marker, and the index never received its last records.
    Files.delete(dir.resolve(".clean"));
    List<String> lines = Files.readAllLines(dir.resolve("index.log"));
    Files.write(dir.resolve("index.log"), lines.subList(0, 2));

    try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      assertEquals(6, s.size());
    }
  }

  // ------------------------------------------------------------------ retention

  @Test
  void retention_maxCount_deletesOldestFirstOnStore() throws IOException {
    try (FileProfileStorage s = FileProfileStorage.builder(dir).maxCount(3).retentionInterval(Duration.ZERO).open()) {
      for (int i = 0; i < 6; i++) {
        store(s, i, 100 - i * 10L);  // stored newest first: retention goes by start, not arrival
      }
      List<Long> starts = s.query(ProfileQuery.all()).stream()
          .map(p -> p.metadata().start().getEpochSecond() - T0.getEpochSecond()).collect(Collectors.toList());
      assertEquals(List.of(100L, 90L, 80L), starts);
      assertEquals(s.metadataInAttribute() ? 3 : 6, files(dir.resolve("profiles")).size(), "deleted files linger");
    }
  }

  @Test
  void retention_maxBytes_keepsTheTotalUnderTheLimit() throws IOException {
    try (FileProfileStorage s = FileProfileStorage.builder(dir).maxBytes(1000).retentionInterval(Duration.ZERO).open()) {
      for (int i = 0; i < 10; i++) {
        s.store(meta(i, i), new ByteArrayInputStream(new byte[300]));
      }
      assertEquals(900, s.totalBytes());
      assertEquals(3, s.size());
    }
  }

  @Test
  void retention_maxAge_followsTheInjectedClock() throws IOException {
    ManualTimeSource clock = new ManualTimeSource(T0);
    try (FileProfileStorage s = FileProfileStorage.builder(dir).maxAge(Duration.ofHours(1)).timeSource(clock)
        .retentionInterval(Duration.ZERO).open()) {
      store(s, 1, 0);
      store(s, 2, 1800);
      clock.advance(Duration.ofMinutes(61));
      assertEquals(1, s.applyRetention());
      assertEquals(1, s.size());
      clock.advance(Duration.ofMinutes(30));
      assertEquals(1, s.applyRetention());
      assertEquals(0, s.size());
    }
  }

  @Test
  void retention_neverDeletesAProfileThatIsOpenForReading_andResumesWhenItCloses() throws IOException {
    try (FileProfileStorage s = FileProfileStorage.builder(dir).maxCount(2).retentionInterval(Duration.ZERO).open()) {
      StoredProfile oldest = store(s, 1, 0);
      store(s, 2, 10);
      byte[] got;
      try (InputStream in = s.openContent(oldest.id())) {
        store(s, 3, 20);
        store(s, 4, 30);
        assertTrue(s.find(oldest.id()).isPresent(), "deleted while a reader had it open");
        assertEquals(4, s.size(), "newer profiles were deleted out of turn");
        assertEquals(0, s.applyRetention());
        got = in.readAllBytes();
      }
      assertArrayEquals(content(1), got);
      assertTrue(s.find(oldest.id()).isEmpty(), "retention did not resume when the reader closed");
      assertEquals(List.of(30L, 20L), s.query(ProfileQuery.all()).stream()
          .map(p -> p.metadata().start().getEpochSecond() - T0.getEpochSecond()).collect(Collectors.toList()));
    }
  }

  @Test
  void retention_runsOnItsSchedule() throws Exception {
    ManualTimeSource clock = new ManualTimeSource(T0);
    try (FileProfileStorage s = FileProfileStorage.builder(dir).maxAge(Duration.ofMinutes(1)).timeSource(clock)
        .retentionInterval(Duration.ofMillis(20)).open()) {
      store(s, 1, 0);
      clock.advance(Duration.ofMinutes(5));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (s.size() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(0, s.size());
    }
  }

  // ------------------------------------------------------------------ faults

  @Test
  void fullDisk_storeFailsNamingPathAndCause_andLosesNothing() throws IOException {
    AtomicBoolean diskFull = new AtomicBoolean();
    FileProfileStorage.FileWriter writer = path -> new FilterOutputStream(Files.newOutputStream(path)) {
      private long written;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (diskFull.get() && written > 50_000) {
          throw new IOException("No space left on device");
        }
        out.write(b, off, len);
      }
    };
    try (FileProfileStorage s = FileProfileStorage.builder(dir).writer(writer).open()) {
      StoredProfile before = s.store(meta(1, 1), new ByteArrayInputStream(new byte[100_000]));
      diskFull.set(true);

      IOException e = assertThrows(IOException.class,
          () -> s.store(meta(2, 2), new ByteArrayInputStream(new byte[100_000])));

      assertTrue(e.getMessage().contains("in " + dir.toAbsolutePath().resolve("profiles/2026-11-27/cpu")), e.getMessage());
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertEquals(List.of(before), s.query(ProfileQuery.all()));
      assertEquals(100_000, read(s, before.id()).length);
      assertEquals(List.of(), files(dir.resolve("tmp")));
      diskFull.set(false);
      s.store(meta(3, 3), new ByteArrayInputStream(new byte[10]));
      assertEquals(2, s.query(ProfileQuery.all()).size(), "the storage stays usable once space is back");
    }
  }

  @Test
  void unwritableTypeDirectory_storeFailsNamingThePath_andReadsStillWork() throws IOException {
    try (FileProfileStorage s = FileProfileStorage.builder(dir).open()) {
      StoredProfile kept = store(s, 1, 1);
      Path blocked = dir.resolve("profiles/2026-11-28");
      Files.writeString(blocked, "a file where a directory should be");

      IOException e = assertThrows(IOException.class, () -> store(s, 2, 86_400));

      assertTrue(e.getMessage().contains(blocked.toAbsolutePath().toString()), e.getMessage());
      assertArrayEquals(content(1), read(s, kept.id()));
      assertEquals(List.of(kept), s.query(ProfileQuery.all()));
    }
  }

  @Test
  void directoryRemovedUnderneath_storeFailsClearly_queriesStillAnswer() throws IOException {
    FileProfileStorage s = FileProfileStorage.builder(dir.resolve("store")).open();
    StoredProfile kept = store(s, 1, 1);
    try (Stream<Path> walk = Files.walk(dir.resolve("store"))) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }

    IOException e = assertThrows(IOException.class, () -> store(s, 2, 2));

    assertEquals("cannot store profile: storage directory " + dir.resolve("store").toAbsolutePath() + " no longer exists",
        e.getMessage());
    assertEquals(List.of(kept), s.query(ProfileQuery.all()));
    s.close();
  }

  // ------------------------------------------------------------------ traversal

  @Test
  void labelsThatLookLikePaths_neverReachThePathOfAFile() throws IOException {
    try (FileProfileStorage s = FileProfileStorage.builder(dir.resolve("store")).open()) {
      StoredProfile p = s.store(new ProfileMetadata(ProfileType.CPU, T0, Duration.ZERO, "jfr",
          Labels.of("path", "../../../../etc/passwd", "id", "/abs/..", "trigger", "..\\..\\x")),
          new ByteArrayInputStream(new byte[] {7}));

      assertTrue(s.contentPath(p.id()).orElseThrow().startsWith(dir.resolve("store")));
      assertEquals(p, s.find(p.id()).orElseThrow());
      for (Path f : files(dir)) {
        assertTrue(f.startsWith(dir.resolve("store")), f.toString());
      }
    }
  }
}
