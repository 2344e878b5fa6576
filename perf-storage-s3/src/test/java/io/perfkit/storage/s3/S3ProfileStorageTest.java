package io.perfkit.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.storage.s3.local.S3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the contract does not say: URIs, multipart, the index, many writers, failures; one
 * subclass per S3-compatible server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3ProfileStorageTest {

  static final String BUCKET = "fleet";
  S3Server s3;
  private final AtomicInteger prefixes = new AtomicInteger();

  /** Starts the server under test, keeping its objects under {@code directory}. */
  abstract S3Server start(Path directory) throws IOException;

  @BeforeAll
  final void startServer() throws Exception {
    s3 = start(Files.createTempDirectory("perfkit-s3-test")).bucket(BUCKET);
  }

  @AfterAll
  final void stopServer() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  final String newPrefix() {
    return "p" + prefixes.incrementAndGet();
  }

  final S3ProfileStorage open(String prefix, String options) throws IOException {
    return (S3ProfileStorage) new S3ProfileStorageProvider().open(
        s3.storageUri(BUCKET, prefix, "retentionInterval=0s" + (options.isEmpty() ? "" : "&" + options)), Map.of());
  }

  static ProfileMetadata meta(ProfileType type, Instant start, String... labels) {
    return new ProfileMetadata(type, start, Duration.ofSeconds(5), "jfr", Labels.of(labels));
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] read(ProfileStorage s, String id) throws IOException {
    try (InputStream in = s.openContent(id)) {
      return in.readAllBytes();
    }
  }

  static List<String> keys(S3Client c, String prefix) {
    return c.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(BUCKET).prefix(prefix).build())
        .contents().stream().map(S3Object::key).collect(Collectors.toList());
  }

  /** Unfinished uploads under {@code prefix}, on a server that can list them; 0 elsewhere. */
  final int unfinishedUploads(S3Client c, String prefix) {
    if (!s3.listsMultipartUploads()) {
      return 0;
    }
    return c.listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(BUCKET).prefix(prefix).build()).uploads().size();
  }

  // ---------------------------------------------------------------- URIs and options

  @Test
  void serviceLoader_opensS3Uris() throws IOException {
    assertTrue(ProfileStorages.installedSchemes().contains("s3"));
    try (ProfileStorage s = ProfileStorages.open(s3.storageUri(BUCKET, newPrefix(), "retentionInterval=0s"), Map.of())) {
      assertTrue(s instanceof S3ProfileStorage, s.getClass().getName());
      assertTrue(s.toString().contains("s3://fleet/p"), s.toString());
    }
  }

  @Test
  void badUris_areRefusedNamingWhatIsWrong() {
    S3ProfileStorageProvider p = new S3ProfileStorageProvider();
    String creds = "&accessKey=a&secretKey=b";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.open(URI.create("s3://fleet/x?endpoint=http://127.0.0.1:1&colour=blue" + creds), Map.of()));
    assertTrue(e.getMessage().contains("'colour'") && e.getMessage().contains("endpoint"), e.getMessage());
    assertFalse(e.getMessage().contains("secretKey=b"), "the secret is not echoed: " + e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.open(URI.create("s3://Fleet_Bucket/x"), Map.of()));
    assertTrue(e.getMessage().contains("'Fleet_Bucket'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.open(URI.create("s3:///x"), Map.of()));
    assertTrue(e.getMessage().contains("names no bucket"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.open(URI.create("s3://fleet/x?accessKey=a"), Map.of()));
    assertTrue(e.getMessage().contains("secretKey is missing"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.open(URI.create("s3://fleet/x?partSize=1MiB" + creds), Map.of()));
    assertTrue(e.getMessage().contains("partSize 1048576"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.open(URI.create("s3://fleet/x?endpoint=ftp://h" + creds), Map.of()));
    assertTrue(e.getMessage().contains("'ftp://h'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.open(URI.create("s3://fleet/x?checksums=sometimes" + creds), Map.of()));
    assertTrue(e.getMessage().contains("'sometimes'") && e.getMessage().contains("whenRequired"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.open(URI.create("s3://fleet/x?maxCount=0" + creds), Map.of()));
    assertTrue(e.getMessage().contains("maxCount='0'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.open(URI.create("s3://fleet/x?maxAge=soon" + creds), Map.of()));
    assertTrue(e.getMessage().contains("maxAge='soon'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.open(URI.create("s3://fleet/a//b?region=us-east-1" + creds), Map.of()));
    assertTrue(e.getMessage().contains("prefix '/a//b'") && !e.getMessage().contains("secretKey=b"), e.getMessage());
  }

  // ---------------------------------------------------------------- content

  @Test
  void largeContent_goesUpInParts_andComesBackWhole_withItsMetadataOnTheObject() throws IOException {
    String prefix = newPrefix();
    byte[] content = bytes(12 << 20, 7); // 12 MiB: three parts of 5 MiB, the last 2 MiB
    try (S3ProfileStorage s = open(prefix, "partSize=5MiB"); S3Client raw = s3.client()) {
      StoredProfile p = s.store(meta(ProfileType.CPU, Instant.parse("2026-12-01T10:00:00Z"), "service", "checkout",
          "path", "/pay now?x=1"), new ByteArrayInputStream(content));
      assertEquals(content.length, p.sizeBytes());
      assertArrayEquals(content, read(s, p.id()));
      assertEquals(0, unfinishedUploads(raw, prefix));
      Map<String, String> meta = raw.headObject(HeadObjectRequest.builder().bucket(BUCKET)
          .key(prefix + "/profiles/" + p.id() + ".jfr").build()).metadata();
      assertEquals("cpu", meta.get("perfkit-type"));
      assertEquals("2026-12-01T10:00:00Z", meta.get("perfkit-start"));
      assertEquals("5000000000", meta.get("perfkit-duration-nanos"));
      assertEquals("path=%2Fpay+now%3Fx%3D1&service=checkout", meta.get("perfkit-labels"));
    }
  }

  @Test
  void largeContentThatFailsMidway_isAborted_andLeavesNeitherObjectNorParts() throws IOException {
    String prefix = newPrefix();
    InputStream failing = new InputStream() {
      private long served;

      @Override
      public int read() throws IOException {
        if (served++ >= (7 << 20)) {
          throw new IOException("capture file truncated");
        }
        return 1;
      }
    };
    try (S3ProfileStorage s = open(prefix, "partSize=5MiB"); S3Client raw = s3.client()) {
      IOException e = assertThrows(IOException.class, () -> s.store(meta(ProfileType.CPU, Instant.now()), failing));
      assertEquals("capture file truncated", e.getMessage());
      assertEquals(List.of(), keys(raw, prefix + "/"));
      assertEquals(0, unfinishedUploads(raw, prefix));
      assertEquals(s3.listsMultipartUploads() ? 0 : 1, s.failedAborts(),
          "an abort the server refuses is counted (and logged), not swallowed");
      assertEquals(List.of(), s.query(ProfileQuery.all()));
    }
  }

  // ---------------------------------------------------------------- the index

  @Test
  void opening_readsTheCompactedIndex_notEveryProfile() throws Exception {
    String prefix = newPrefix();
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    try (S3ProfileStorage writer = open(prefix, "compactThreshold=20")) {
      for (int i = 0; i < 250; i++) {
        writer.store(meta(ProfileType.CPU, t0.plusSeconds(i), "instance", "i-" + (i % 5)), new ByteArrayInputStream(bytes(64, i)));
      }
      assertTrue(writer.compactions() >= 10, "compactions: " + writer.compactions());
    }
    try (S3ProfileStorage reader = open(prefix, ""); S3Client raw = s3.client()) {
      int indexObjects = keys(raw, prefix + "/index/").size();
      assertTrue(indexObjects <= 9 + 20, "index objects after compaction: " + indexObjects);
      assertEquals(indexObjects, reader.indexObjectsRead(), "open reads each index object once, no content");
      assertEquals(250, reader.size());
      List<StoredProfile> i3 = reader.query(ProfileQuery.builder().label("instance", "i-3").limit(1000).build());
      assertEquals(50, i3.size());
      assertEquals(t0.plusSeconds(248), i3.get(0).metadata().start());
      long read = reader.indexObjectsRead();
      reader.refresh();
      assertEquals(read, reader.indexObjectsRead(), "a refresh with nothing new reads nothing");
    }
  }

  @Test
  void anUnreadableIndexObject_isSkippedAndCounted_andTheRestStillServes() throws IOException {
    String prefix = newPrefix();
    try (S3ProfileStorage a = open(prefix, ""); S3Client raw = s3.client()) {
      StoredProfile kept = a.store(meta(ProfileType.CPU, Instant.now()), new ByteArrayInputStream(bytes(10, 1)));
      raw.putObject(PutObjectRequest.builder().bucket(BUCKET).key(prefix + "/index/entries/garbage").build(),
          RequestBody.fromString("P\tgarbage\tcpu\tnot-a-number\n"));
      try (S3ProfileStorage b = open(prefix, "")) {
        assertEquals(List.of(kept), b.query(ProfileQuery.all()));
        assertEquals(1, b.unreadableIndexObjects());
      }
    }
  }

  // ---------------------------------------------------------------- two instances, one bucket

  @Test
  void twoInstancesStoringAtOnce_loseNothing_evenWhileBothCompact() throws Exception {
    String prefix = newPrefix();
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    try (S3ProfileStorage a = open(prefix, "compactThreshold=10&refreshInterval=0s");
        S3ProfileStorage b = open(prefix, "compactThreshold=10&refreshInterval=0s")) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<StoredProfile>> stored = new ArrayList<>();
      for (int i = 0; i < 240; i++) {
        S3ProfileStorage s = i % 2 == 0 ? a : b;
        String instance = i % 2 == 0 ? "a" : "b";
        int n = i;
        stored.add(pool.submit(() -> s.store(meta(ProfileType.CPU, t0.plusMillis(n), "instance", instance),
            new ByteArrayInputStream(bytes(100, n)))));
      }
      Set<String> ids = new HashSet<>();
      for (Future<StoredProfile> f : stored) {
        ids.add(f.get().id());
      }
      pool.shutdown();
      assertEquals(240, ids.size());
      assertTrue(a.compactions() > 0 && b.compactions() > 0, a.compactions() + " and " + b.compactions());
      for (S3ProfileStorage s : List.of(a, b)) {
        s.refresh();
        Set<String> seen = s.query(ProfileQuery.all()).stream().map(StoredProfile::id).collect(Collectors.toSet());
        assertEquals(ids, seen, "every id from both instances, in " + s);
        assertEquals(120, s.query(ProfileQuery.builder().label("instance", "a").limit(1000).build()).size());
      }
      try (S3ProfileStorage c = open(prefix, "")) {
        assertEquals(240, c.query(ProfileQuery.all()).size(), "a third instance opening afterwards");
      }
    }
  }

  @Test
  void anotherInstancesStoreIsFoundAtOnce_andItsDeleteSeenAfterARefresh() throws IOException {
    String prefix = newPrefix();
    try (S3ProfileStorage a = open(prefix, "refreshInterval=1h"); S3ProfileStorage b = open(prefix, "refreshInterval=1h")) {
      StoredProfile p = b.store(meta(ProfileType.HEAP, Instant.now(), "instance", "b"), new ByteArrayInputStream(bytes(2000, 3)));
      assertEquals(List.of(), a.query(ProfileQuery.all()), "within the refresh interval the view is as it was");
      assertEquals(p, a.find(p.id()).orElseThrow(), "an id passed from another instance is found at once");
      assertArrayEquals(bytes(2000, 3), read(a, p.id()));
      a.refresh();
      assertEquals(List.of(p), a.query(ProfileQuery.all()));
      assertTrue(b.delete(p.id()));
      a.refresh();
      assertEquals(List.of(), a.query(ProfileQuery.all()));
      assertTrue(a.find(p.id()).isEmpty());
      assertFalse(a.delete(p.id()));
    }
  }

  @Test
  void retentionByCountOnTwoInstances_keepsTheNewest() throws IOException {
    String prefix = newPrefix();
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    try (S3ProfileStorage a = open(prefix, "refreshInterval=0s"); S3ProfileStorage b = open(prefix, "refreshInterval=0s")) {
      for (int i = 0; i < 40; i++) {
        (i % 2 == 0 ? a : b).store(meta(ProfileType.CPU, t0.plusSeconds(i)), new ByteArrayInputStream(bytes(10, i)));
      }
      try (S3ProfileStorage ra = open(prefix, "maxCount=15"); S3ProfileStorage rb = open(prefix, "maxCount=15")) {
        int deleted = ra.applyRetention() + rb.applyRetention();
        assertEquals(25, deleted);
        a.refresh();
        List<StoredProfile> left = a.query(ProfileQuery.all());
        assertEquals(15, left.size());
        assertEquals(t0.plusSeconds(25), left.get(14).metadata().start(), "the oldest kept is the 26th");
      }
    }
  }

  @Test
  void retentionByAge_andTheSweep_removeWhatAKilledWriterLeft() throws IOException {
    String prefix = newPrefix();
    try (S3ProfileStorage s = open(prefix, "maxAge=1d&abandonAfter=0s"); S3Client raw = s3.client()) {
      StoredProfile old = s.store(meta(ProfileType.CPU, Instant.now().minus(Duration.ofDays(2))),
          new ByteArrayInputStream(bytes(10, 1)));
      assertTrue(s.find(old.id()).isEmpty(), "retention on store removed the two-day-old profile");
      StoredProfile fresh = s.store(meta(ProfileType.CPU, Instant.now()), new ByteArrayInputStream(bytes(10, 2)));
      // content whose index record was never written, as a kill between the two leaves it
      String orphan = prefix + "/profiles/20261201T000000Z-cpu-00000000000000aa.jfr";
      raw.putObject(PutObjectRequest.builder().bucket(BUCKET).key(orphan).build(), RequestBody.fromString("half a store"));
      assertEquals(0, s.applyRetention());
      assertEquals(List.of(prefix + "/profiles/" + fresh.id() + ".jfr"), keys(raw, prefix + "/profiles/"),
          "the orphan is swept, whether or not the server lists multipart uploads");
      assertEquals(List.of(fresh), s.query(ProfileQuery.all()));
      assertEquals(s3.listsMultipartUploads() ? 0 : 1, s.unsupportedRequests());
    }
  }

  // ---------------------------------------------------------------- a server that is down or refuses

  @Test
  void aServerThatIsDown_failsOpenNamingEndpointAndBucket() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    URI uri = URI.create("s3://fleet/x?endpoint=http://127.0.0.1:" + port + "&pathStyle=true&region=us-east-1"
        + "&accessKey=a&secretKey=b&timeout=2s");
    IOException e = assertThrows(IOException.class, () -> new S3ProfileStorageProvider().open(uri, Map.of()));
    assertTrue(e.getMessage().contains("http://127.0.0.1:" + port) && e.getMessage().contains("bucket 'fleet'"), e.getMessage());
  }

  @Test
  void wrongCredentialsOrAMissingBucket_areRefusedNamingTheBucket() {
    IOException e = assertThrows(IOException.class, () -> new S3ProfileStorageProvider().open(URI.create(
        "s3://fleet/x?endpoint=" + s3.endpoint() + "&pathStyle=true&region=us-east-1&accessKey=intruder&secretKey=guess"), Map.of()));
    assertTrue(e.getMessage().contains("bucket 'fleet'") && e.getMessage().contains("HTTP 403"), e.getMessage());
    e = assertThrows(IOException.class, () -> new S3ProfileStorageProvider().open(s3.storageUri("no-such-bucket", "x", ""), Map.of()));
    assertTrue(e.getMessage().contains("bucket 'no-such-bucket'") && e.getMessage().contains("HTTP 404"), e.getMessage());
  }

  // ---------------------------------------------------------------- what this instance cannot read

  @Test
  void anInstanceThatCannotParseAnothersRecords_compactsAndSweeps_andLosesNoneOfThem() throws IOException {
    String prefix = newPrefix();
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    try (S3ProfileStorage a = open(prefix, "refreshInterval=0s"); S3Client raw = s3.client()) {
      List<StoredProfile> stored = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        stored.add(a.store(meta(ProfileType.CPU, t0.plusSeconds(i), "instance", "a"), new ByteArrayInputStream(bytes(100, i))));
      }
      // A writes its records as a newer version would, with the start in a form this version's parser refuses;
      // A itself keeps them as it wrote them.
      for (StoredProfile p : stored) {
        String key = prefix + "/index/entries/" + p.id();
        String line = raw.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key(key).build()).asUtf8String();
        String[] f = line.split("\t", -1);
        f[3] = Instant.ofEpochSecond(Long.parseLong(f[3])).toString();
        raw.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromString(String.join("\t", f)));
      }
      try (S3ProfileStorage b = open(prefix, "refreshInterval=0s&compactThreshold=2&maxCount=1000&abandonAfter=0s")) {
        assertEquals(5, b.unreadableIndexObjects());
        b.store(meta(ProfileType.CPU, t0.plusSeconds(10), "instance", "b"), new ByteArrayInputStream(bytes(100, 10)));
        b.store(meta(ProfileType.CPU, t0.plusSeconds(11), "instance", "b"), new ByteArrayInputStream(bytes(100, 11)));
        assertTrue(b.compactions() >= 1, "B folded its own records: " + b.compactions());
        b.applyRetention(); // the sweep: A's content has no record B can read
        assertEquals(5, b.unreadableIndexObjects());
      }
      Set<String> entries = new HashSet<>(keys(raw, prefix + "/index/entries/"));
      Set<String> contents = new HashSet<>(keys(raw, prefix + "/profiles/"));
      for (StoredProfile p : stored) {
        assertTrue(entries.contains(prefix + "/index/entries/" + p.id()), "A's record of " + p.id() + " is still in the bucket");
        assertTrue(contents.contains(prefix + "/profiles/" + p.id() + ".jfr"), "A's content of " + p.id() + " is still in the bucket");
      }
      a.refresh();
      assertEquals(5, a.query(ProfileQuery.builder().label("instance", "a").build()).size());
      assertEquals(7, a.query(ProfileQuery.all()).size());
      for (int i = 0; i < 5; i++) {
        assertArrayEquals(bytes(100, i), read(a, stored.get(i).id()));
      }
    }
  }

  @Test
  void recordsOfATypeOrFieldThisVersionDoesNotKnow_surviveItsCompactions() throws IOException {
    String prefix = newPrefix();
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    List<String> newerIds = new ArrayList<>();
    try (S3Client raw = s3.client()) {
      for (int i = 0; i < 3; i++) {
        String id = "20261201T000000Z-cpu-00000000000000a" + i;
        newerIds.add(id);
        raw.putObject(PutObjectRequest.builder().bucket(BUCKET).key(prefix + "/profiles/" + id + ".jfr").build(),
            RequestBody.fromString("abcd"));
        raw.putObject(PutObjectRequest.builder().bucket(BUCKET).key(prefix + "/index/entries/" + id).build(),
            RequestBody.fromString("P\t" + id + "\tcpu\t" + t0.getEpochSecond() + "\t0\t1000000000\tjfr\t4\t0\tzstd=" + i
                + "\nX\t" + id + "\tsomething a newer version keeps\n"));
      }
    }
    try (S3ProfileStorage s = open(prefix, "refreshInterval=0s&compactThreshold=2"); S3Client raw = s3.client()) {
      for (int i = 0; i < 24; i++) {
        s.store(meta(ProfileType.CPU, t0.plusSeconds(i + 1)), new ByteArrayInputStream(bytes(10, i)));
      }
      assertTrue(s.compactions() >= 10, "folds and merges: " + s.compactions());
      StringBuilder index = new StringBuilder();
      for (String k : keys(raw, prefix + "/index/")) {
        index.append(raw.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key(k).build()).asUtf8String());
      }
      for (int i = 0; i < 3; i++) {
        String id = newerIds.get(i);
        assertTrue(index.indexOf("X\t" + id + "\tsomething a newer version keeps\n") >= 0, "the X record of " + id);
        assertTrue(index.indexOf("\tzstd=" + i) >= 0, "the zstd field of " + id);
      }
      try (S3ProfileStorage fresh = open(prefix, "")) {
        assertEquals(27, fresh.size());
        assertArrayEquals("abcd".getBytes(StandardCharsets.UTF_8), read(fresh, newerIds.get(0)),
            "a record without a checksum reads, checked by its length");
      }
    }
  }

  // ---------------------------------------------------------------- what was stored is what is read

  @Test
  void contentChangedBehindTheStoragesBack_failsTheReadNamingProfileExpectedAndActual() throws IOException {
    String prefix = newPrefix();
    try (S3ProfileStorage s = open(prefix, ""); S3Client raw = s3.client()) {
      byte[] original = bytes(1000, 1);
      StoredProfile p = s.store(meta(ProfileType.CPU, Instant.now()), new ByteArrayInputStream(original));
      String key = prefix + "/profiles/" + p.id() + ".jfr";
      byte[] other = bytes(1000, 2);
      raw.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromBytes(other));

      IOException e = assertThrows(IOException.class, () -> read(s, p.id()));
      assertTrue(e.getMessage().contains(p.id()) && e.getMessage().contains(crc32c(original))
          && e.getMessage().contains(crc32c(other)), e.getMessage());

      raw.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromBytes(bytes(1176, 3)));
      e = assertThrows(IOException.class, () -> s.openContent(p.id()));
      assertTrue(e.getMessage().contains(p.id()) && e.getMessage().contains("1176 bytes")
          && e.getMessage().contains("1000 bytes"), e.getMessage());
      assertEquals(2, s.contentMismatches());

      raw.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromBytes(original));
      assertArrayEquals(original, read(s, p.id()), "the original bytes read again");
    }
  }

  private static String crc32c(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return String.format("%08x", c.getValue());
  }

  // ---------------------------------------------------------------- retention on what the server offers

  @Test
  void applyRetention_withoutLimits_sendsNoRequest() throws Exception {
    S3Server own = start(Files.createTempDirectory("perfkit-s3-no-limits")).bucket("quiet");
    try (S3ProfileStorage none = (S3ProfileStorage) new S3ProfileStorageProvider().open(
            own.storageUri("quiet", "x", "retentionInterval=0s&timeout=2s"), Map.of());
        S3ProfileStorage limited = (S3ProfileStorage) new S3ProfileStorageProvider().open(
            own.storageUri("quiet", "x", "retentionInterval=0s&timeout=2s&maxCount=10"), Map.of())) {
      String endpoint = own.endpoint().toString();
      own.close();
      assertEquals(0, none.applyRetention());
      IOException e = assertThrows(IOException.class, limited::applyRetention, "with limits it lists the bucket");
      assertTrue(e.getMessage().contains(endpoint), e.getMessage());
    } finally {
      own.close();
    }
  }
}
