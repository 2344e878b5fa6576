package io.perfkit.storage.s3.internal;

import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Profiles' content objects: uploaded with their metadata as user metadata, and read back
 * checked against their index record's length and CRC-32C. Counts the reads that found other
 * bytes, and pins each profile while a stream of its content is open, so that retention can
 * keep it.
 */
public final class ProfileContent {

  /** S3 allows 2 KB of user metadata; labels get what the other fields leave. */
  private static final int LABELS_METADATA_MAX = 1536;

  private final Bucket bucket;
  private final KeyLayout keys;
  private final int partBytes;
  private final Map<String, AtomicInteger> openReads = new ConcurrentHashMap<>();
  private final AtomicLong mismatches = new AtomicLong();

  public ProfileContent(Bucket bucket, KeyLayout keys, int partBytes) {
    this.bucket = bucket;
    this.keys = keys;
    this.partBytes = partBytes;
  }

  /**
   * Uploads the content of profile {@code id}, reading it to its end; visible whole or not at all.
   *
   * @return its length and CRC-32C, for the index record
   */
  public Bucket.Uploaded upload(String id, ProfileMetadata metadata, InputStream content) throws IOException {
    return bucket.upload(keys.content(id, metadata.format()), content, userMetadata(metadata), partBytes);
  }

  private static Map<String, String> userMetadata(ProfileMetadata m) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("perfkit-type", m.type().wireName());
    meta.put("perfkit-start", m.start().toString());
    meta.put("perfkit-duration-nanos", Long.toString(m.duration().toNanos()));
    meta.put("perfkit-format", m.format());
    StringBuilder labels = new StringBuilder();
    for (Map.Entry<String, String> e : m.labels().asMap().entrySet()) {
      if (labels.length() > 0) {
        labels.append('&');
      }
      labels.append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    if (labels.length() <= LABELS_METADATA_MAX) {
      meta.put("perfkit-labels", labels.toString());
    } else {
      meta.put("perfkit-labels-omitted", Integer.toString(m.labels().size()));
    }
    return meta;
  }

  /**
   * Opens the content {@code r} records, pinned until the stream is closed: fails at once when the
   * object's length is not the recorded one, and the stream fails the read that finds a wrong
   * length or CRC-32C.
   *
   * @throws NoSuchProfileException when the object is gone
   */
  public InputStream open(IndexRecord.Stored r) throws IOException {
    String id = r.profile().id();
    String key = keys.content(id, r.profile().metadata().format());
    Optional<Bucket.Opened> in = bucket.open(key);
    if (in.isEmpty()) {
      throw new NoSuchProfileException(id);
    }
    long expected = r.profile().sizeBytes();
    if (in.get().length().isPresent() && in.get().length().getAsLong() != expected) {
      in.get().stream().close();
      mismatches.incrementAndGet();
      throw new IOException("profile " + id + " in " + bucket.where() + " is " + in.get().length().getAsLong()
          + " bytes, but its index record says " + expected + " bytes: the object '" + key
          + "' is not what was stored (a server that keeps the SDK's aws-chunked framing as content"
          + " shows as a longer object; try checksums=whenRequired)");
    }
    AtomicInteger readers = openReads.computeIfAbsent(id, k -> new AtomicInteger());
    readers.incrementAndGet();
    String what = "profile " + id + " in " + bucket.where() + ": the content of '" + key + "'";
    return new VerifyingInputStream(in.get().stream(), what, expected, r.crc32c(), mismatches::incrementAndGet) {
      private boolean released;

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          if (!released) {
            released = true;
            if (readers.decrementAndGet() == 0) {
              openReads.remove(id, readers);
            }
          }
        }
      }
    };
  }

  /** Whether some stream of profile {@code id}'s content is open. */
  public boolean isOpen(String id) {
    return openReads.containsKey(id);
  }

  /** Reads that failed because the content was not the length or checksum its index record says. */
  public long mismatches() {
    return mismatches.get();
  }
}
