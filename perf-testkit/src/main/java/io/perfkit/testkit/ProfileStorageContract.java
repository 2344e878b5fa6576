package io.perfkit.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Identifiers;
import io.perfkit.api.Labels;
import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.RetentionPolicy;
import io.perfkit.api.storage.StoredProfile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link ProfileStorage} meets. An implementation proves it by extending this
 * class and supplying {@link #newStorage()}:
 *
 * <pre>{@code
 * final class MyStorageTest extends ProfileStorageContract {
 *   @TempDir Path dir;
 *   @Override protected ProfileStorage newStorage() throws IOException {
 *     return MyStorage.open(dir);
 *   }
 * }
 * }</pre>
 *
 * It checks store, query, read and delete semantics; every query filter, the ordering and the
 * limit; label round trips; atomicity of a failed store; concurrent stores; bad ids; and
 * behaviour after close. Each test gets a fresh storage, closed after it.
 *
 * <p>A storage with retention limits also overrides {@link #newStorage(RetentionPolicy, TimeSource)},
 * and the kit then checks that it applies the one rule every storage shares
 * ({@link RetentionPolicy}): oldest start first, by age on the storage's clock, by count and by
 * bytes, stopping at a profile a reader holds open and resuming once it is closed. A storage
 * that leaves it out has those tests skipped, with the reason.
 *
 * <p>It is one class, past 400 lines, because an implementer extends exactly one test class and
 * gets the whole contract; a contract split over several classes would let a storage pass by
 * extending some of them.
 */
public abstract class ProfileStorageContract {

  /** A fixed point in time the tests build their starts from. */
  protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456789Z");

  /** Folder for content files the tests create; fresh per test. */
  @TempDir protected Path contractTempDir;

  private ProfileStorage storage;

  /** For subclasses. */
  protected ProfileStorageContract() {}

  /**
   * A new, empty storage with no retention limit that this test may use exclusively. The kit
   * closes it after each test.
   */
  protected abstract ProfileStorage newStorage() throws Exception;

  /**
   * A new, empty storage that applies {@code retention}, measuring age by {@code time}, on each
   * store and on {@link ProfileStorage#applyRetention()}, and on no schedule of its own (so the
   * test decides when it runs). The test closes it. Empty, the default, for a storage without
   * retention limits: the retention tests are then skipped.
   */
  protected Optional<ProfileStorage> newStorage(RetentionPolicy retention, TimeSource time) throws Exception {
    return Optional.empty();
  }

  private ProfileStorage retaining(RetentionPolicy retention, TimeSource time) throws Exception {
    Optional<ProfileStorage> s = newStorage(retention, time);
    Assumptions.assumeTrue(s.isPresent(), getClass().getSimpleName()
        + " does not override newStorage(RetentionPolicy, TimeSource): its retention is not checked");
    return s.get();
  }

  private static List<Long> offsets(ProfileStorage s) throws IOException {
    List<Long> out = new ArrayList<>();
    for (StoredProfile p : s.query(ProfileQuery.all())) {
      out.add(p.metadata().start().getEpochSecond() - T0.getEpochSecond());
    }
    return out;
  }

  /** The storage under test. */
  protected final ProfileStorage storage() {
    return storage;
  }

  @BeforeEach
  final void openStorage() throws Exception {
    storage = newStorage();
  }

  @AfterEach
  final void closeStorage() throws Exception {
    if (storage != null) {
      storage.close();
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Metadata for a CPU profile starting {@code offsetSeconds} after {@link #T0}. */
  protected static ProfileMetadata meta(ProfileType type, long offsetSeconds, Duration duration, Labels labels) {
    return new ProfileMetadata(type, T0.plusSeconds(offsetSeconds), duration, "jfr", labels);
  }

  protected static ProfileMetadata meta(long offsetSeconds) {
    return meta(ProfileType.CPU, offsetSeconds, Duration.ofSeconds(1), Labels.empty());
  }

  /** Deterministic content of {@code size} bytes. */
  protected static byte[] content(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  protected final StoredProfile store(ProfileMetadata m, byte[] content) throws IOException {
    return storage.store(m, new ByteArrayInputStream(content));
  }

  protected final StoredProfile store(ProfileMetadata m) throws IOException {
    return store(m, m.toString().getBytes(StandardCharsets.UTF_8));
  }

  protected final byte[] read(String id) throws IOException {
    try (InputStream in = storage.openContent(id)) {
      return in.readAllBytes();
    }
  }

  private static List<String> ids(List<StoredProfile> profiles) {
    return profiles.stream().map(StoredProfile::id).collect(Collectors.toList());
  }

  // ---------------------------------------------------------------- store and read

  @Test
  void store_returnsValidIdSizeAndMetadata() throws IOException {
    ProfileMetadata m = meta(ProfileType.ALLOCATION, 5, Duration.ofMillis(1500), Labels.of("path", "/slow"));
    StoredProfile p = store(m, content(1234, 1));

    assertTrue(Identifiers.isValidProfileId(p.id()), "id " + p.id() + " is not a valid profile id");
    assertEquals(1234, p.sizeBytes());
    assertEquals(m, p.metadata());
  }

  @Test
  void store_thenFind_returnsTheSameRecord() throws IOException {
    StoredProfile p = store(meta(ProfileType.LOCK, 7, Duration.ofNanos(1), Labels.of("a", "b")));

    assertEquals(Optional.of(p), storage.find(p.id()));
  }

  @Test
  void store_thenOpenContent_returnsTheSameBytes() throws IOException {
    byte[] bytes = content(3 * 1024 * 1024 + 17, 2);
    StoredProfile p = store(meta(1), bytes);

    assertArrayEquals(bytes, read(p.id()));
  }

  @Test
  void store_emptyContent_isStoredWithSizeZero() throws IOException {
    StoredProfile p = store(meta(1), new byte[0]);

    assertEquals(0, p.sizeBytes());
    assertArrayEquals(new byte[0], read(p.id()));
  }

  @Test
  void store_fromPath_readsTheFileAndLeavesItInPlace() throws IOException {
    byte[] bytes = content(70_000, 3);
    Path file = contractTempDir.resolve("profile.jfr");
    Files.write(file, bytes);

    StoredProfile p = storage.store(meta(1), file);

    assertArrayEquals(bytes, read(p.id()));
    assertTrue(Files.exists(file), "the source file was removed");
  }

  @Test
  void store_keepsStartToTheNanosecondAndEveryLabel() throws IOException {
    Map<String, String> many = new TreeMap<>();
    for (int i = 0; i < Labels.MAX_LABELS; i++) {
      many.put("k" + i, "välue " + i + " with spaces, = and : and \"quotes\" and 日本");
    }
    many.put("k0", "x".repeat(Identifiers.LABEL_VALUE_MAX_LENGTH));
    many.put("k1", "");
    ProfileMetadata m = new ProfileMetadata(ProfileType.THREAD_DUMP, T0.plusNanos(1), Duration.ZERO,
        "txt", Labels.from(many));

    StoredProfile p = store(m);

    assertEquals(m, storage.find(p.id()).orElseThrow().metadata());
    assertEquals(m, storage.query(ProfileQuery.all()).get(0).metadata());
  }

  @Test
  void store_everyTypeAndFormat_roundTrips() throws IOException {
    for (ProfileType type : ProfileType.values()) {
      ProfileMetadata m = new ProfileMetadata(type, T0, Duration.ofSeconds(2), type == ProfileType.THREAD_DUMP ? "txt" : "jfr", Labels.empty());
      StoredProfile p = store(m);
      assertEquals(type, storage.find(p.id()).orElseThrow().metadata().type());
    }
    assertEquals(ProfileType.values().length, storage.query(ProfileQuery.all()).size());
  }

  @Test
  void store_manyProfiles_getDistinctIds() throws IOException {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      ids.add(store(meta(0)).id());
    }
    assertEquals(200, ids.size());
  }

  @Test
  void store_contentThatFailsMidway_throwsAndLeavesNothingBehind() throws IOException {
    StoredProfile kept = store(meta(1));
    InputStream failing = new InputStream() {
      private int left = 100_000;

      @Override
      public int read() throws IOException {
        if (left-- <= 0) {
          throw new IOException("source broke");
        }
        return 42;
      }
    };

    assertThrows(IOException.class, () -> storage.store(meta(2), failing));

    assertEquals(List.of(kept.id()), ids(storage.query(ProfileQuery.all())));
  }

  @Test
  void openContent_twiceAtOnce_bothReadEverything() throws IOException {
    byte[] bytes = content(100_000, 4);
    StoredProfile p = store(meta(1), bytes);

    try (InputStream a = storage.openContent(p.id()); InputStream b = storage.openContent(p.id())) {
      assertArrayEquals(bytes, b.readAllBytes());
      assertArrayEquals(bytes, a.readAllBytes());
    }
  }

  // ---------------------------------------------------------------- query

  @Test
  void query_all_returnsNewestFirst() throws IOException {
    List<Integer> offsets = new ArrayList<>(List.of(0, 50, 10, 40, 20, 30));
    Collections.shuffle(offsets, new Random(5));
    Map<Integer, String> idByOffset = new TreeMap<>(Collections.reverseOrder());
    for (int offset : offsets) {
      idByOffset.put(offset, store(meta(offset)).id());
    }

    assertEquals(new ArrayList<>(idByOffset.values()), ids(storage.query(ProfileQuery.all())));
  }

  @Test
  void query_sameStart_ordersByIdDescending() throws IOException {
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      stored.add(store(meta(0)).id());
    }
    stored.sort(Collections.reverseOrder());

    assertEquals(stored, ids(storage.query(ProfileQuery.all())));
  }

  @Test
  void query_byTypes_returnsOnlyThoseTypes() throws IOException {
    String cpu = store(meta(ProfileType.CPU, 1, Duration.ofSeconds(1), Labels.empty())).id();
    String alloc = store(meta(ProfileType.ALLOCATION, 2, Duration.ofSeconds(1), Labels.empty())).id();
    store(meta(ProfileType.LOCK, 3, Duration.ofSeconds(1), Labels.empty()));

    assertEquals(List.of(cpu), ids(storage.query(ProfileQuery.builder().types(ProfileType.CPU).build())));
    assertEquals(List.of(alloc, cpu), ids(storage.query(
        ProfileQuery.builder().types(ProfileType.CPU, ProfileType.ALLOCATION).build())));
    assertEquals(List.of(), storage.query(ProfileQuery.builder().types(ProfileType.HEAP).build()));
  }

  @Test
  void query_sinceIsInclusive_untilIsExclusive() throws IOException {
    List<String> byOffset = new ArrayList<>();
    for (int s = 0; s < 5; s++) {
      byOffset.add(store(meta(s * 10)).id());
    }
    ProfileQuery q = ProfileQuery.builder().since(T0.plusSeconds(10)).until(T0.plusSeconds(30)).build();

    assertEquals(List.of(byOffset.get(2), byOffset.get(1)), ids(storage.query(q)));
    assertEquals(List.of(byOffset.get(4), byOffset.get(3)),
        ids(storage.query(ProfileQuery.builder().since(T0.plusSeconds(30)).build())));
    assertEquals(List.of(byOffset.get(0)),
        ids(storage.query(ProfileQuery.builder().until(T0.plusSeconds(10)).build())));
    assertEquals(List.of(byOffset.get(1)), ids(storage.query(
        ProfileQuery.builder().since(T0.plusSeconds(10)).until(T0.plusSeconds(10).plusNanos(1)).build())));
  }

  @Test
  void query_minDuration_isInclusive() throws IOException {
    store(meta(ProfileType.CPU, 1, Duration.ofMillis(99), Labels.empty()));
    String exact = store(meta(ProfileType.CPU, 2, Duration.ofMillis(100), Labels.empty())).id();
    String longer = store(meta(ProfileType.CPU, 3, Duration.ofSeconds(5), Labels.empty())).id();

    assertEquals(List.of(longer, exact),
        ids(storage.query(ProfileQuery.builder().minDuration(Duration.ofMillis(100)).build())));
  }

  @Test
  void query_labels_allMustMatch() throws IOException {
    String both = store(meta(ProfileType.CPU, 1, Duration.ZERO, Labels.of("path", "/a", "status", "500"))).id();
    String pathOnly = store(meta(ProfileType.CPU, 2, Duration.ZERO, Labels.of("path", "/a", "status", "200"))).id();
    store(meta(ProfileType.CPU, 3, Duration.ZERO, Labels.of("path", "/b", "status", "500")));
    store(meta(ProfileType.CPU, 4, Duration.ZERO, Labels.empty()));

    assertEquals(List.of(pathOnly, both), ids(storage.query(ProfileQuery.builder().label("path", "/a").build())));
    assertEquals(List.of(both), ids(storage.query(
        ProfileQuery.builder().label("path", "/a").label("status", "500").build())));
    assertEquals(List.of(), storage.query(ProfileQuery.builder().label("path", "/A").build()));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 10, 11, 1000})
  void query_limit_returnsTheNewestN(int limit) throws IOException {
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      stored.add(0, store(meta(i)).id());
    }
    List<StoredProfile> got = storage.query(ProfileQuery.builder().limit(limit).build());

    assertEquals(stored.subList(0, Math.min(limit, 10)), ids(got));
  }

  @Test
  void query_everyFilterCombined() throws IOException {
    Random rnd = new Random(6);
    List<StoredProfile> all = new ArrayList<>();
    ProfileType[] types = ProfileType.values();
    for (int i = 0; i < 300; i++) {
      ProfileType type = types[rnd.nextInt(types.length)];
      Labels labels = Labels.of("env", rnd.nextBoolean() ? "prod" : "test", "shard", "s" + rnd.nextInt(3));
      all.add(store(meta(type, rnd.nextInt(1000), Duration.ofMillis(rnd.nextInt(2000)), labels)));
    }
    ProfileQuery q = ProfileQuery.builder()
        .types(ProfileType.CPU, ProfileType.IO, ProfileType.HEAP)
        .since(T0.plusSeconds(100)).until(T0.plusSeconds(900))
        .minDuration(Duration.ofMillis(500))
        .label("env", "prod")
        .limit(7)
        .build();
    List<StoredProfile> expected = all.stream().filter(p -> q.matches(p.metadata()))
        .sorted(ProfileStorage.NEWEST_FIRST).limit(7).collect(Collectors.toList());

    assertEquals(7, expected.size(), "fixture too small to test the limit");
    assertEquals(expected, storage.query(q));
  }

  @Test
  void query_onEmptyStorage_isEmpty() throws IOException {
    assertEquals(List.of(), storage.query(ProfileQuery.all()));
  }

  // ---------------------------------------------------------------- delete

  @Test
  void delete_removesFromFindQueryAndContent() throws IOException {
    StoredProfile gone = store(meta(1));
    StoredProfile kept = store(meta(2));

    assertTrue(storage.delete(gone.id()));

    assertEquals(Optional.empty(), storage.find(gone.id()));
    assertEquals(List.of(kept.id()), ids(storage.query(ProfileQuery.all())));
    NoSuchProfileException e = assertThrows(NoSuchProfileException.class, () -> storage.openContent(gone.id()));
    assertEquals(gone.id(), e.id());
    assertTrue(e.getMessage().contains(gone.id()), e.getMessage());
  }

  @Test
  void delete_unknownOrAlreadyDeleted_returnsFalse() throws IOException {
    StoredProfile p = store(meta(1));

    assertTrue(storage.delete(p.id()));
    assertFalse(storage.delete(p.id()));
    assertFalse(storage.delete("never-stored"));
  }

  // ---------------------------------------------------------------- bad input

  @Test
  void find_unknownId_isEmpty() throws IOException {
    store(meta(1));
    assertEquals(Optional.empty(), storage.find("unknown-id"));
  }

  @Test
  void openContent_unknownId_throwsNoSuchProfile() {
    NoSuchProfileException e = assertThrows(NoSuchProfileException.class, () -> storage.openContent("nope"));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "..", "../etc/passwd", "/etc/passwd", "a/b", "a\\b", "a.jfr", "nul\u0000byte",
      "sp ace", "%2e%2e", "ü"})
  void invalidIds_areRefusedWithTheirValueNamed(String bad) throws IOException {
    StoredProfile kept = store(meta(1));

    for (Callable<?> call : List.<Callable<?>>of(
        () -> storage.find(bad), () -> storage.openContent(bad), () -> storage.delete(bad))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::call);
      assertTrue(e.getMessage().contains(Identifiers.quote(bad)),
          "message does not name " + Identifiers.quote(bad) + ": " + e.getMessage());
    }
    assertEquals(List.of(kept.id()), ids(storage.query(ProfileQuery.all())));
  }

  @Test
  void overlongId_isRefused() {
    String id = "a".repeat(Identifiers.PROFILE_ID_MAX_LENGTH + 1);
    assertThrows(IllegalArgumentException.class, () -> storage.find(id));
    assertThrows(IllegalArgumentException.class, () -> storage.delete(id));
  }

  @Test
  void absurdMetadata_isRefusedBeforeItReachesTheStorage() {
    assertThrows(IllegalArgumentException.class,
        () -> new ProfileMetadata(ProfileType.CPU, T0, Duration.ofSeconds(-1), "jfr", Labels.empty()));
    assertThrows(IllegalArgumentException.class, () -> Labels.of("bad key", "v"));
    assertThrows(IllegalArgumentException.class, () -> Labels.of("k", "line\nbreak"));
    assertThrows(IllegalArgumentException.class,
        () -> Labels.of("k", "x".repeat(Identifiers.LABEL_VALUE_MAX_LENGTH + 1)));
    assertThrows(IllegalArgumentException.class,
        () -> new ProfileMetadata(ProfileType.CPU, T0, Duration.ZERO, "../x", Labels.empty()));
  }

  // ---------------------------------------------------------------- lifecycle

  @Test
  void closedStorage_refusesEveryCallAndCloseIsIdempotent() throws IOException {
    StoredProfile p = store(meta(1));
    storage.close();

    assertThrows(IllegalStateException.class, () -> store(meta(2)));
    assertThrows(IllegalStateException.class, () -> storage.query(ProfileQuery.all()));
    assertThrows(IllegalStateException.class, () -> storage.find(p.id()));
    assertThrows(IllegalStateException.class, () -> storage.openContent(p.id()));
    assertThrows(IllegalStateException.class, () -> storage.delete(p.id()));
    storage.close();
  }

  @Test
  void applyRetention_withoutLimits_deletesNothing() throws IOException {
    for (int i = 0; i < 20; i++) {
      store(meta(i));
    }
    assertEquals(0, storage.applyRetention());
    assertEquals(20, storage.query(ProfileQuery.all()).size());
  }

  // ---------------------------------------------------------------- retention: one rule for every storage

  @Test
  void retention_byCount_deletesTheOldestStartsFirst() throws Exception {
    try (ProfileStorage s = retaining(RetentionPolicy.none().withMaxCount(3), new ManualTimeSource(T0))) {
      for (long offset : List.of(3L, 0L, 5L, 1L, 4L, 2L)) {
        s.store(meta(offset), new ByteArrayInputStream(content(10, offset)));
      }
      s.applyRetention();
      assertEquals(List.of(5L, 4L, 3L), offsets(s));
    }
  }

  @Test
  void retention_byBytes_keepsTheNewestThatFit() throws Exception {
    try (ProfileStorage s = retaining(RetentionPolicy.none().withMaxBytes(250), new ManualTimeSource(T0))) {
      for (long offset = 0; offset < 4; offset++) {
        s.store(meta(offset), new ByteArrayInputStream(content(100, offset)));
      }
      s.applyRetention();
      assertEquals(List.of(3L, 2L), offsets(s));
    }
  }

  @Test
  void retention_byAge_measuresAgeOnTheStoragesClock() throws Exception {
    ManualTimeSource clock = new ManualTimeSource(T0.plus(Duration.ofHours(1)).plusSeconds(30));
    try (ProfileStorage s = retaining(RetentionPolicy.none().withMaxAge(Duration.ofHours(1)), clock)) {
      for (long offset : List.of(0L, 20L, 40L, 60L)) {
        s.store(meta(offset), new ByteArrayInputStream(content(10, offset)));
      }
      s.applyRetention();
      assertEquals(List.of(60L, 40L), offsets(s), "started more than an hour before the clock's now: deleted");
      clock.advance(Duration.ofSeconds(30));
      s.applyRetention();
      assertEquals(List.of(60L), offsets(s));
    }
  }

  @Test
  void retention_stopsAtAProfileAReaderHoldsOpen_andResumesOnceItIsClosed() throws Exception {
    try (ProfileStorage s = retaining(RetentionPolicy.none().withMaxCount(2), new ManualTimeSource(T0))) {
      byte[] oldest = content(5000, 1);
      StoredProfile p0 = s.store(meta(0), new ByteArrayInputStream(oldest));
      s.store(meta(1), new ByteArrayInputStream(content(10, 2)));
      try (InputStream reading = s.openContent(p0.id())) {
        s.store(meta(2), new ByteArrayInputStream(content(10, 3)));
        s.store(meta(3), new ByteArrayInputStream(content(10, 4)));
        s.applyRetention();
        assertEquals(List.of(3L, 2L, 1L, 0L), offsets(s),
            "the open profile is kept, and no newer one is deleted in its place: strictly oldest first");
        assertArrayEquals(oldest, reading.readAllBytes());
      }
      s.applyRetention();
      assertEquals(List.of(3L, 2L), offsets(s));
    }
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  void concurrentStores_fromEightThreads_areAllKeptIntact() throws Exception {
    int threads = 8;
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    Map<String, Long> seedById = new ConcurrentHashMap<>();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            long seed = thread * 1000L + i;
            StoredProfile p = store(meta(ProfileType.CPU, i, Duration.ofMillis(seed),
                Labels.of("thread", "t" + thread)), content(1000 + (int) seed % 7000, seed));
            assertEquals(null, seedById.put(p.id(), seed), "id given twice: " + p.id());
            storage.query(ProfileQuery.builder().label("thread", "t" + thread).limit(5).build());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(threads * perThread, storage.query(ProfileQuery.all()).size());
    for (Map.Entry<String, Long> e : seedById.entrySet()) {
      long seed = e.getValue();
      assertArrayEquals(content(1000 + (int) seed % 7000, seed), read(e.getKey()), e.getKey());
      assertEquals(Duration.ofMillis(seed), storage.find(e.getKey()).orElseThrow().metadata().duration());
    }
    for (int t = 0; t < threads; t++) {
      assertEquals(perThread, storage.query(ProfileQuery.builder().label("thread", "t" + t).limit(1000).build()).size());
    }
  }
}
