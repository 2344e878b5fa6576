package io.perfkit.storage.s3;

import io.perfkit.api.Arguments;
import io.perfkit.api.Identifiers;
import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.RetentionLimits;
import io.perfkit.api.storage.RetentionPolicy;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.storage.s3.internal.Bucket;
import io.perfkit.storage.s3.internal.BucketIndex;
import io.perfkit.storage.s3.internal.IndexRecord;
import io.perfkit.storage.s3.internal.KeyLayout;
import io.perfkit.storage.s3.internal.Maintenance;
import io.perfkit.storage.s3.internal.ProfileContent;
import io.perfkit.storage.s3.internal.ProfileLookup;
import io.perfkit.storage.s3.internal.S3Clients;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A {@link ProfileStorage} in an S3 bucket (AWS S3 or any S3-compatible store), shared by every
 * JVM of a fleet: each stores into the same bucket and prefix with no coordination between
 * them, and each queries what all of them stored.
 *
 * <h2>Layout</h2>
 * <pre>
 * {prefix}profiles/20261202T101500Z-cpu-6f1c2a9b03d4e5f7.jfr   content; its metadata in x-amz-meta-perfkit-*
 * {prefix}index/entries/20261202T101500Z-cpu-6f1c2a9b03d4e5f7  the profile's index record, one line
 * {prefix}index/deleted/{id}                                   a deletion's record, one line
 * {prefix}index/segments/1764670500000-9c2e…                   many records, folded by compaction
 * </pre>
 * Content keys carry their format's extension, so {@code aws s3 cp} of one gives a file that
 * {@code jfr summary} opens. An index record is a tab-separated line holding everything a query
 * filters on: id, type, start to the nanosecond, duration, format, size and every label, and
 * the content's CRC-32C. The
 * content object carries the same metadata as user metadata ({@code x-amz-meta-perfkit-type},
 * {@code -start}, {@code -duration-nanos}, {@code -format}, and {@code -labels} when the labels
 * fit in S3's 2 KB of user metadata), so it describes itself wherever it is copied.
 *
 * <h2>Atomicity and many writers</h2>
 * A store uploads the content first, in one PUT or, above the part size, as a multipart upload
 * holding one part in memory; S3 makes an object visible only whole, when its PUT or its
 * upload's completion returns, and a failed upload is aborted. Then it writes the index record
 * under the profile's own key. That write is the commit point: {@link #query} and {@link #find}
 * see a profile exactly when its record exists, and so only once its content is complete. Every
 * key a store writes is new and its own (ids carry 64 random bits), so writers never overwrite
 * or append to a shared object, and two stores at the same moment, in one JVM or in fifty,
 * cannot lose each other's records. A delete writes its deletion record before it removes the
 * content, so a profile never appears whose content is gone.
 *
 * <h2>Query</h2>
 * Each storage keeps a view of the index in memory: it lists {@code index/} and reads only the
 * objects it has not read before (index objects never change once written), at most once per
 * {@code refreshInterval} (1 s by default), and enters its own stores and deletes at once. A
 * query filters the view; it never reads a profile's content or lists the profiles. Profiles
 * stored by other instances appear within the refresh interval; a {@link #find} of an id the
 * view lacks reads that id's index record directly, so an id passed from another instance is
 * found at once.
 *
 * <h2>What is read is what was stored</h2>
 * A store computes the content's length and CRC-32C from the part it holds in memory as it
 * uploads (the content is read once), and writes both into the index record. A read checks
 * them: {@link #openContent} fails at once when the object's length is not the recorded one, and
 * the stream fails the read that reaches a wrong length or, at the end, a wrong CRC-32C, with an
 * {@link IOException} naming the profile, the expected and the actual value
 * ({@link #contentMismatches()} counts them). Records written before checksums were kept are
 * checked by length alone.
 *
 * <h2>Checksums, framing and S3-compatible servers</h2>
 * Two options decide what the AWS SDK puts on the wire. {@code checksums} ({@link Checksums}):
 * {@code whenSupported} computes a checksum for every request that can carry one and validates
 * every response that has one; {@code whenRequired} only where the operation requires it
 * (DeleteObjects). {@code chunkedEncoding}: uploads in the SDK's {@code aws-chunked} framing
 * (signed chunks, with a trailing checksum under {@code whenSupported}), or as plain bodies whose
 * SHA-256 is signed. For AWS S3 (no {@code endpoint}) the defaults are the SDK's own,
 * {@code whenSupported} and framed: S3 decodes the framing and checks each checksum end to end.
 * With an {@code endpoint} they are {@code whenRequired} and plain, because many S3-compatible
 * servers (s3rver, older MinIO and Ceph RGW, several providers' S3 APIs) reject the framing or,
 * worse, store it as the object's content; a plain body is what every one of them reads, and
 * the index record's CRC-32C still checks the content end to end. Set them back for a server
 * known to decode the framing. A server that stores the framing anyway is caught on the first
 * read, as an object longer than its record says.
 *
 * <h2>Compaction</h2>
 * A listing returns 1,000 keys a page, and reading a record costs a request, so loose records
 * are folded: when a storage sees at least {@code compactThreshold} (100) loose index objects,
 * it writes their records as one segment and then deletes them; when there are more than 8
 * segments, it merges all into one, dropping deleted profiles, and then deletes the merged
 * ones. Every instance may compact, and two may at once: an object is deleted only after a
 * segment holding its records is written, so the worst case is records held twice, which the
 * view merges by id. An index object this instance cannot parse (torn, or written by a newer
 * version) is never folded or deleted: it stays where it is, is logged once and counted
 * ({@link #unreadableIndexObjects()}); records of a type or with fields this version does not
 * know are carried into each new segment as they were. Deletion records are kept in segments for a day (longer than any
 * compaction runs), so a compaction that read a profile before its deletion cannot bring it
 * back. A bucket of 10,000 profiles is then one listing page and a few segment reads to open.
 *
 * <h2>Retention</h2>
 * By age, count and total bytes, by the rule every storage shares ({@link RetentionPolicy}):
 * oldest start first, on store, on {@link #applyRetention()} and every
 * {@code retentionInterval} (10 min). Several instances may apply it at once: each deletes the
 * oldest profiles beyond the limits in its view, and deleting a profile twice is harmless. A
 * profile whose content this instance has open is kept, and retention stops at it rather than
 * delete newer ones in its place. Without limits, {@link #applyRetention()} sends no request.
 * The scheduled run (and {@link #maintain()}) also removes what a writer killed mid-store
 * leaves: multipart uploads never completed and content without an index record, once older
 * than {@code abandonAfter} (1 h; in-flight stores of other instances are younger). It does
 * what the server supports: where ListMultipartUploads or AbortMultipartUpload answers 501 (or
 * 405), that is logged once and counted ({@link #unsupportedRequests()}), uploads are left to
 * the bucket's lifecycle rule, and the rest still runs; a failed abort is logged and counted
 * ({@link #failedAborts()}). No content is swept while some index object cannot be parsed.
 *
 * <h2>Failures</h2>
 * Every S3 failure is an {@link IOException} naming the operation, the key, the endpoint and the
 * bucket, after the SDK's own retries; each request gives up after {@code timeout} (30 s), so a
 * store never hangs the collector's thread.
 *
 * <h2>Parts</h2>
 * This class is the facade and the commit protocol of a store and a delete; each part is its own
 * class in the module's internal package: {@code KeyLayout} (where objects go), {@code Bucket}
 * (the S3 requests, uploads with their CRC-32C), {@code S3Clients} (the SDK client and its
 * options), {@code IndexRecord} (the records and their codec), {@code BucketIndex} (the view,
 * its refresh and compaction), {@code ProfileLookup} (query and find), {@code ProfileContent}
 * (content with its metadata, verified reads and their pins) and {@code Maintenance} (retention,
 * compaction and the sweep, on their schedule). The file runs past 400 lines only because the
 * layout, consistency and compatibility documentation and the public {@link Builder} and
 * {@link Checksums} belong with the type users open.
 */
public final class S3ProfileStorage implements ProfileStorage {

  private static final System.Logger LOG = System.getLogger(S3ProfileStorage.class.getName());

  private final Bucket bucket;
  private final KeyLayout keys;
  private final BucketIndex index;
  private final ProfileLookup lookup;
  private final ProfileContent content;
  private final Maintenance maintenance;
  private final TimeSource time;
  private final String description;
  private final ExecutorService readers;
  private final AtomicBoolean closed = new AtomicBoolean();

  private S3ProfileStorage(Builder b, S3Client client) {
    this.bucket = new Bucket(client, b.bucket, Optional.ofNullable(b.endpoint), b.region);
    this.keys = new KeyLayout(b.prefix);
    this.time = b.time;
    this.description = "s3://" + b.bucket + "/" + b.prefix + (b.endpoint == null ? "" : " at " + b.endpoint);
    AtomicInteger n = new AtomicInteger();
    this.readers = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "perfkit-s3-index-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.index = new BucketIndex(bucket, keys, time,
        new BucketIndex.Settings(b.refreshInterval, b.compactThreshold, 8, Duration.ofDays(1)), readers);
    this.lookup = new ProfileLookup(index);
    this.content = new ProfileContent(bucket, keys, b.partBytes);
    this.maintenance = new Maintenance(bucket, keys, index, time, b.retention.policy(), b.abandonAfter, description,
        this::remove, content::isOpen);
  }

  /** A builder for a storage in {@code bucket}. */
  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  /** {@code s3://bucket/prefix/}, and the endpoint when one was given. */
  @Override
  public String toString() {
    return "S3ProfileStorage{" + description + '}';
  }

  /** How many profiles the view holds, as of its last refresh and this instance's own writes. */
  public int size() {
    return index.currentView().live().size();
  }

  /** Listings of the index so far, for tests and dashboards. */
  public long indexRefreshes() {
    return index.refreshes();
  }

  /** Index objects read so far. */
  public long indexObjectsRead() {
    return index.objectsRead();
  }

  /** Compactions this instance ran. */
  public long compactions() {
    return maintenance.compactions();
  }

  /**
   * Index objects in the bucket, as of the last refresh, that this instance cannot parse (each
   * logged once, when read). They stay in the bucket untouched: compaction skips them, and the
   * sweep removes no content while there are any, since their records are unknown.
   */
  public int unreadableIndexObjects() {
    return index.unreadable();
  }

  /**
   * Requests the server answered as not implemented (ListMultipartUploads, AbortMultipartUpload
   * on some S3-compatible servers); retention and the sweep do without them. Each kind is
   * logged once.
   */
  public long unsupportedRequests() {
    return maintenance.unsupportedRequests();
  }

  /** AbortMultipartUpload requests that failed, in a failed store's clean-up or in the sweep; each is logged. */
  public long failedAborts() {
    return bucket.failedAborts();
  }

  /** Reads that failed because the content was not the length or checksum its index record says. */
  public long contentMismatches() {
    return content.mismatches();
  }

  /** Lists the index now, whatever the refresh interval, so that a query sees every instance's stores. */
  public void refresh() throws IOException {
    checkOpen();
    index.refresh(true);
  }

  // ------------------------------------------------------------------ store

  @Override
  public StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(content, "content");
    checkOpen();
    String id = newId(metadata);
    Bucket.Uploaded up = this.content.upload(id, metadata, content);
    StoredProfile p = new StoredProfile(id, metadata, up.length());
    IndexRecord.Stored record = IndexRecord.stored(p, up.crc32c());
    try {
      bucket.put(keys.entry(id), IndexRecord.toBytes(List.of(record)));
    } catch (IOException e) {
      deleteQuietly(keys.content(id, metadata.format()));
      throw e;
    }
    index.added(keys.entry(id), List.of(record));
    maintenance.afterWrite();
    return p;
  }

  private static String newId(ProfileMetadata m) {
    return m.idPrefix() + String.format("%016x", ThreadLocalRandom.current().nextLong());
  }

  private void deleteQuietly(String key) {
    try {
      bucket.delete(key);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not remove '" + key + "' after a failed store; retention removes it later: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ read

  @Override
  public List<StoredProfile> query(ProfileQuery query) throws IOException {
    Objects.requireNonNull(query, "query");
    checkOpen();
    return lookup.query(query);
  }

  @Override
  public Optional<StoredProfile> find(String id) throws IOException {
    return findRecord(id).map(IndexRecord.Stored::profile);
  }

  private Optional<IndexRecord.Stored> findRecord(String id) throws IOException {
    Identifiers.checkProfileId(id);
    checkOpen();
    return lookup.find(id);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The stream checks what it reads against the profile's index record: when the object's
   * length differs from the recorded one, this method fails at once; when the bytes run past it,
   * or the stream ends short of it or with another CRC-32C, the read that finds it fails. Each
   * failure is an {@link IOException} naming the profile, the expected and the actual values,
   * never other bytes passed off as the profile. Records written before checksums were kept
   * are checked by length alone.
   */
  @Override
  public InputStream openContent(String id) throws IOException {
    return content.open(findRecord(id).orElseThrow(() -> new NoSuchProfileException(id)));
  }

  // ------------------------------------------------------------------ delete and retention

  @Override
  public boolean delete(String id) throws IOException {
    Optional<StoredProfile> p = find(id);
    if (p.isEmpty()) {
      return false;
    }
    remove(p.get());
    maintenance.compactQuietly();
    return true;
  }

  /** The deletion's record first, so that a profile never appears whose content is gone. */
  private void remove(StoredProfile p) throws IOException {
    IndexRecord d = new IndexRecord.Deleted(p.id(), time.now().toEpochMilli());
    bucket.put(keys.deletion(p.id()), IndexRecord.toBytes(List.of(d)));
    index.added(keys.deletion(p.id()), List.of(d));
    bucket.deleteAll(List.of(keys.content(p.id(), p.metadata().format()), keys.entry(p.id())));
    index.dropped(keys.entry(p.id()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Without limits this returns 0 at once and sends no request. With limits, it lists the
   * index, deletes what the limits select, compacts, and sweeps what killed writers left (as the
   * scheduled run does).
   */
  @Override
  public int applyRetention() throws IOException {
    checkOpen();
    if (!maintenance.hasLimits()) {
      return 0;
    }
    return maintain();
  }

  /**
   * Runs now what the scheduled run does every {@code retentionInterval}, limits or not: lists
   * the index, deletes what the limits select, compacts, and sweeps what killed writers left.
   *
   * @return how many profiles the limits deleted
   * @throws IOException when listing or deleting fails; a request the server does not implement
   *     is logged once and counted ({@link #unsupportedRequests()}) instead
   */
  public int maintain() throws IOException {
    checkOpen();
    return maintenance.maintain();
  }

  // ------------------------------------------------------------------ lifecycle

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("S3 profile storage " + description + " is closed");
    }
  }

  private S3ProfileStorage start(Duration retentionInterval) throws IOException {
    try {
      bucket.check();
      index.refresh(true);
    } catch (IOException e) {
      close();
      throw new IOException("cannot open profile storage " + description + ": " + e.getMessage(), e);
    }
    maintenance.schedule(retentionInterval, this::maintain, closed::get);
    return this;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      maintenance.close();
      readers.shutdownNow();
      bucket.close();
    }
  }

  // ------------------------------------------------------------------ builder

  /**
   * When the AWS SDK computes a checksum for each request and validates the one a response
   * carries: option {@code checksums} of the storage URI.
   */
  public enum Checksums {
    /**
     * On every request that can carry one (each PUT and part gets a CRC32 trailer in
     * {@code aws-chunked} framing) and on every response that has one. The SDK's own default,
     * and this storage's default for AWS S3.
     */
    WHEN_SUPPORTED(RequestChecksumCalculation.WHEN_SUPPORTED, ResponseChecksumValidation.WHEN_SUPPORTED),
    /**
     * Only where the operation requires one (DeleteObjects) and only when the caller asked for
     * validation: uploads go as plain bodies. This storage's default for a custom endpoint.
     */
    WHEN_REQUIRED(RequestChecksumCalculation.WHEN_REQUIRED, ResponseChecksumValidation.WHEN_REQUIRED);

    private final RequestChecksumCalculation request;
    private final ResponseChecksumValidation response;

    Checksums(RequestChecksumCalculation request, ResponseChecksumValidation response) {
      this.request = request;
      this.response = response;
    }

    /**
     * {@code whenSupported} or {@code whenRequired}, in any case, with or without {@code _}.
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static Checksums parse(String value) {
      Objects.requireNonNull(value, "value");
      switch (value.trim().replace("_", "").replace("-", "").toLowerCase(java.util.Locale.ROOT)) {
        case "whensupported": return WHEN_SUPPORTED;
        case "whenrequired": return WHEN_REQUIRED;
        default:
          throw new IllegalArgumentException("checksums " + Identifiers.quote(value)
              + " is neither whenSupported nor whenRequired");
      }
    }
  }

  /** Builds an {@link S3ProfileStorage}; validates each value as it is set. Not thread-safe. */
  public static final class Builder {
    private final String bucket;
    private String prefix = "";
    private URI endpoint;
    private String region;
    private boolean pathStyle;
    private AwsCredentialsProvider credentials;
    private TimeSource time = TimeSource.system();
    private final RetentionLimits retention = new RetentionLimits();
    private Checksums checksums;
    private Boolean chunkedEncoding;
    private Duration retentionInterval = Duration.ofMinutes(10);
    private Duration refreshInterval = Duration.ofSeconds(1);
    private int partBytes = 8 << 20;
    private int compactThreshold = 100;
    private Duration abandonAfter = Duration.ofHours(1);
    private Duration timeout = Duration.ofSeconds(30);

    private Builder(String bucket) {
      this.bucket = checkBucket(bucket);
    }

    /**
     * Checks an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting
     * and ending with a letter or digit.
     *
     * @throws IllegalArgumentException naming the bad name
     */
    public static String checkBucket(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
        throw new IllegalArgumentException("S3 bucket name " + Identifiers.quote(bucket)
            + " is invalid: use 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit");
      }
      return bucket;
    }

    /** Keys start with this prefix ({@code fleet/checkout}); a {@code /} is added when missing. */
    public Builder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
      if (p.contains("//") || p.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
        throw new IllegalArgumentException("S3 key prefix " + Identifiers.quote(prefix)
            + " is invalid: no empty path segments, control characters or backslashes");
      }
      this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
      return this;
    }

    /** An S3-compatible endpoint ({@code http://127.0.0.1:9000}); AWS's own when not set. */
    public Builder endpoint(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (endpoint.getScheme() == null || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))
          || endpoint.getHost() == null) {
        throw new IllegalArgumentException("S3 endpoint '" + endpoint + "' is not an http:// or https:// URL with a host");
      }
      this.endpoint = endpoint;
      return this;
    }

    /** The region ({@code eu-west-1}); by default the SDK's chain (AWS_REGION, profile), else us-east-1. */
    public Builder region(String region) {
      Objects.requireNonNull(region, "region");
      if (!region.matches("[a-z0-9-]{1,64}")) {
        throw new IllegalArgumentException("S3 region " + Identifiers.quote(region) + " is invalid, e.g. us-east-1");
      }
      this.region = region;
      return this;
    }

    /** Path-style requests ({@code endpoint/bucket/key}), as most S3-compatible servers want. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** A fixed access key and secret; by default the SDK's default credentials chain. */
    public Builder credentials(String accessKey, String secretKey) {
      Objects.requireNonNull(accessKey, "accessKey");
      Objects.requireNonNull(secretKey, "secretKey");
      this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
      return this;
    }

    /** The clock for ages and ids' times. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * Profiles whose start is older than this are deleted.
     *
     * @throws IllegalArgumentException as {@link RetentionPolicy#withMaxAge}
     */
    public Builder maxAge(Duration maxAge) {
      retention.maxAge(maxAge);
      return this;
    }

    /**
     * At most this many profiles are kept.
     *
     * @throws IllegalArgumentException as {@link RetentionPolicy#withMaxCount}
     */
    public Builder maxCount(long maxCount) {
      retention.maxCount(maxCount);
      return this;
    }

    /**
     * At most this many bytes of content are kept.
     *
     * @throws IllegalArgumentException as {@link RetentionPolicy#withMaxBytes}
     */
    public Builder maxBytes(long maxBytes) {
      retention.maxBytes(maxBytes);
      return this;
    }

    /**
     * All three limits at once; the alternative to {@link #maxAge}, {@link #maxBytes} and
     * {@link #maxCount}, so refused together with them, in either order.
     */
    public Builder retention(RetentionPolicy policy) {
      retention.policy(policy);
      return this;
    }

    /**
     * When the SDK computes request checksums and validates response checksums; by default
     * {@link Checksums#WHEN_SUPPORTED} for AWS S3 and {@link Checksums#WHEN_REQUIRED} for an
     * {@link #endpoint} (see the class comment).
     */
    public Builder checksums(Checksums checksums) {
      this.checksums = Objects.requireNonNull(checksums, "checksums");
      return this;
    }

    /**
     * Whether uploads go in the SDK's {@code aws-chunked} framing (signed chunks, and the trailing
     * checksum under {@link Checksums#WHEN_SUPPORTED}) or as plain bodies whose SHA-256 is
     * signed; by default framed for AWS S3 and plain for an {@link #endpoint} (see the class
     * comment).
     */
    public Builder chunkedEncoding(boolean chunkedEncoding) {
      this.chunkedEncoding = chunkedEncoding;
      return this;
    }

    /**
     * How often retention and the sweep of abandoned uploads run; zero turns the schedule off.
     *
     * @throws IllegalArgumentException "retentionInterval {@code value} must be zero (off) or at least 1 ms"
     */
    public Builder retentionInterval(Duration interval) {
      this.retentionInterval = Arguments.offOrAtLeastOneMilli("retentionInterval", interval);
      return this;
    }

    /**
     * The longest a query serves the view before listing the index again; zero lists on every query.
     *
     * @throws IllegalArgumentException "refreshInterval {@code value} is negative"
     */
    public Builder refreshInterval(Duration interval) {
      this.refreshInterval = Arguments.notNegative("refreshInterval", interval);
      return this;
    }

    /** Content above this size goes up as a multipart upload of parts this size; at least 5 MiB, S3's minimum. */
    public Builder partSize(long bytes) {
      if (bytes < Bucket.MIN_PART_BYTES || bytes > (1L << 30)) {
        throw new IllegalArgumentException("partSize " + bytes + " must be between 5 MiB (S3's smallest part) and 1 GiB");
      }
      this.partBytes = (int) bytes;
      return this;
    }

    /** How many loose index objects make a compaction; at least 2. */
    public Builder compactThreshold(int loose) {
      this.compactThreshold = (int) Arguments.atLeast("compactThreshold", loose, 2);
      return this;
    }

    /** Age after which an unfinished upload or content without an index record is removed. */
    public Builder abandonAfter(Duration age) {
      this.abandonAfter = Arguments.notNegative("abandonAfter", age);
      return this;
    }

    /** How long one S3 request may take before it fails. */
    public Builder timeout(Duration timeout) {
      this.timeout = Arguments.positive("timeout", timeout);
      return this;
    }

    /**
     * Opens the storage: checks that the bucket answers and reads its index.
     *
     * @throws IOException naming the endpoint and the bucket when it cannot be reached or used
     */
    public S3ProfileStorage open() throws IOException {
      if (region == null) {
        region = S3Clients.defaultRegion();
      }
      Checksums when = checksums != null ? checksums : endpoint == null ? Checksums.WHEN_SUPPORTED : Checksums.WHEN_REQUIRED;
      S3Client client = S3Clients.create(endpoint, region, pathStyle, credentials, when.request, when.response,
          chunkedEncoding != null ? chunkedEncoding : endpoint == null, timeout);
      return new S3ProfileStorage(this, client).start(retentionInterval);
    }
  }
}
