package io.perfkit.testkit;

import io.perfkit.api.Identifiers;
import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.RetentionPolicy;
import io.perfkit.api.storage.StoredProfile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference {@link ProfileStorage}: everything in memory, the simplest code that meets the
 * contract, for tests of code that stores profiles and as the oracle the contract kit is proved
 * against. Content is held whole in memory, so it suits tests, not production.
 *
 * <p>Thread-safe: every method synchronizes on the storage. Retention applies a
 * {@link RetentionPolicy}, the rule every storage shares, on each store and on
 * {@link #applyRetention()}: oldest start first, stopping at a profile whose content a reader
 * has open.
 */
public final class InMemoryProfileStorage implements ProfileStorage {

  private final Map<String, Entry> entries = new HashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final RetentionPolicy retention;
  private final TimeSource time;
  private final Map<String, Integer> readers = new HashMap<>();
  private volatile boolean closed;

  private record Entry(StoredProfile profile, byte[] content) {}

  /** A storage with no retention limit. */
  public InMemoryProfileStorage() {
    this(RetentionPolicy.none(), TimeSource.system());
  }

  /**
   * A storage that keeps at most {@code maxCount} profiles.
   *
   * @throws IllegalArgumentException as {@link RetentionPolicy#withMaxCount}
   */
  public InMemoryProfileStorage(int maxCount) {
    this(RetentionPolicy.none().withMaxCount(maxCount), TimeSource.system());
  }

  /** A storage that applies {@code retention}, measuring age by {@code time}. */
  public InMemoryProfileStorage(RetentionPolicy retention, TimeSource time) {
    this.retention = Objects.requireNonNull(retention, "retention");
    this.time = Objects.requireNonNull(time, "time");
  }

  @Override
  public StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(content, "content");
    checkOpen();
    byte[] bytes = content.readAllBytes();
    String id = "mem-" + sequence.incrementAndGet();
    StoredProfile profile = new StoredProfile(id, metadata, bytes.length);
    synchronized (this) {
      checkOpen();
      entries.put(id, new Entry(profile, bytes));
      retain();
    }
    return profile;
  }

  @Override
  public synchronized List<StoredProfile> query(ProfileQuery query) {
    Objects.requireNonNull(query, "query");
    checkOpen();
    List<StoredProfile> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (query.matches(e.profile.metadata())) {
        out.add(e.profile);
      }
    }
    out.sort(NEWEST_FIRST);
    return out.size() > query.limit() ? List.copyOf(out.subList(0, query.limit())) : out;
  }

  @Override
  public synchronized Optional<StoredProfile> find(String id) {
    Identifiers.checkProfileId(id);
    checkOpen();
    Entry e = entries.get(id);
    return e == null ? Optional.empty() : Optional.of(e.profile);
  }

  @Override
  public synchronized InputStream openContent(String id) throws IOException {
    Identifiers.checkProfileId(id);
    checkOpen();
    Entry e = entries.get(id);
    if (e == null) {
      throw new NoSuchProfileException(id);
    }
    readers.merge(id, 1, Integer::sum);
    return new ByteArrayInputStream(e.content) {
      private boolean released;

      @Override
      public void close() {
        synchronized (InMemoryProfileStorage.this) {
          if (!released) {
            released = true;
            readers.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1);
          }
        }
      }
    };
  }

  @Override
  public synchronized boolean delete(String id) {
    Identifiers.checkProfileId(id);
    checkOpen();
    return entries.remove(id) != null;
  }

  @Override
  public synchronized int applyRetention() {
    checkOpen();
    return retain();
  }

  private int retain() {
    if (!retention.hasLimits()) {
      return 0;
    }
    List<StoredProfile> oldestFirst = new ArrayList<>();
    entries.values().forEach(e -> oldestFirst.add(e.profile));
    oldestFirst.sort(NEWEST_FIRST.reversed());
    List<StoredProfile> gone = retention.select(oldestFirst, time.now(), readers::containsKey);
    gone.forEach(p -> entries.remove(p.id()));
    return gone.size();
  }

  /** How many profiles are held. */
  public synchronized int size() {
    return entries.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    entries.clear();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("in-memory profile storage is closed");
    }
  }
}
