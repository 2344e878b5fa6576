package io.perfkit.storage.s3.internal;

import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.StoredProfile;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This instance's view of the bucket's index: every index object under the prefix, listed and
 * read, merged into the profiles that are stored and not deleted. A refresh lists the index
 * prefix and reads only the objects it has not read before (index objects never change once
 * written); this instance's own writes enter the view at once. Compaction folds loose objects
 * into segments and merges segments, so a listing stays a page or two however many profiles
 * the bucket holds. Thread-safe.
 *
 * <p>An object this instance cannot parse (torn, or written by a version that knows more) is
 * logged once, counted in {@link View#unreadable()}, and left exactly where it is: compaction
 * neither folds nor deletes it, because the records it may hold would be lost with it. Records
 * of a type this version does not know travel through compaction verbatim.
 */
public final class BucketIndex {

  private static final System.Logger LOG = System.getLogger(BucketIndex.class.getName());

  /** The settings of refresh and compaction. */
  public record Settings(Duration refreshInterval, int compactThreshold, int maxSegments, Duration tombstoneHorizon) {}

  /**
   * What the view holds: the live profiles, newest first, with their records; the deletions it
   * knows of; records of types this version does not know; and how many index objects could not
   * be parsed.
   */
  public record View(Map<String, StoredProfile> live, List<StoredProfile> newestFirst,
      Map<String, IndexRecord.Stored> records, Map<String, Long> deletedAt, Set<IndexRecord.Unknown> unknown,
      int unreadable) {

    /** True when the view may lack records: some object could not be parsed or holds records of unknown types. */
    public boolean incomplete() {
      return unreadable > 0 || !unknown.isEmpty();
    }
  }

  /** One index object as read: its records, or why it could not be parsed. */
  private record IndexObject(List<IndexRecord> records, Optional<String> unreadable) {
    static IndexObject of(List<IndexRecord> records) {
      return new IndexObject(List.copyOf(records), Optional.empty());
    }
  }

  private final Bucket bucket;
  private final KeyLayout keys;
  private final TimeSource time;
  private final Settings settings;
  private final ExecutorService readers;
  private final ReentrantLock refreshLock = new ReentrantLock();
  private final AtomicLong refreshes = new AtomicLong();
  private final AtomicLong objectsRead = new AtomicLong();

  // guarded by this
  private Map<String, IndexObject> objects = new HashMap<>();
  private final Map<String, Long> localChanges = new HashMap<>();
  private final Set<String> localDrops = new HashSet<>();
  private View view;
  private long lastRefreshStart = Long.MIN_VALUE;
  private boolean refreshed;

  public BucketIndex(Bucket bucket, KeyLayout keys, TimeSource time, Settings settings, ExecutorService readers) {
    this.bucket = bucket;
    this.keys = keys;
    this.time = time;
    this.settings = settings;
    this.readers = readers;
  }

  // ------------------------------------------------------------------ reading

  /** The view, refreshed first when the last refresh is older than the refresh interval. */
  public View view() throws IOException {
    refresh(false);
    return currentView();
  }

  /** The view as it stands, without a refresh. */
  public synchronized View currentView() {
    if (view == null) {
      view = build(objects);
    }
    return view;
  }

  /**
   * Lists the index and reads what is new. Without {@code force}, does nothing when a refresh
   * started within the refresh interval; with it, always lists, unless another thread's refresh
   * started after this call did.
   */
  public void refresh(boolean force) throws IOException {
    long called = time.nanoTime();
    synchronized (this) {
      if (refreshed && !force && called - lastRefreshStart < settings.refreshInterval().toNanos()) {
        return;
      }
    }
    refreshLock.lock();
    try {
      synchronized (this) {
        if (refreshed && (lastRefreshStart >= called
            || (!force && called - lastRefreshStart < settings.refreshInterval().toNanos()))) {
          return;
        }
      }
      long start = time.nanoTime();
      List<Bucket.Listed> listed = bucket.list(keys.indexPrefix());
      Map<String, IndexObject> known;
      synchronized (this) {
        known = objects;
      }
      Map<String, IndexObject> next = new HashMap<>(listed.size() * 2);
      List<String> toRead = new ArrayList<>();
      for (Bucket.Listed l : listed) {
        IndexObject r = known.get(l.key());
        if (r != null) {
          next.put(l.key(), r);
        } else {
          toRead.add(l.key());
        }
      }
      next.putAll(readAll(toRead));
      refreshes.incrementAndGet();
      synchronized (this) {
        // What this instance wrote or dropped while the listing ran stays as it made it.
        for (Map.Entry<String, Long> c : localChanges.entrySet()) {
          if (c.getValue() >= start) {
            if (localDrops.contains(c.getKey())) {
              next.remove(c.getKey());
            } else if (objects.containsKey(c.getKey())) {
              next.put(c.getKey(), objects.get(c.getKey()));
            }
          }
        }
        localChanges.values().removeIf(at -> at < start);
        localDrops.retainAll(localChanges.keySet());
        objects = next;
        view = null;
        lastRefreshStart = start;
        refreshed = true;
      }
    } finally {
      refreshLock.unlock();
    }
  }

  private Map<String, IndexObject> readAll(List<String> toRead) throws IOException {
    Map<String, IndexObject> out = new HashMap<>();
    if (toRead.size() <= 2) {
      for (String k : toRead) {
        read(k).ifPresent(r -> out.put(k, r));
      }
      return out;
    }
    List<Future<Optional<IndexObject>>> futures = new ArrayList<>(toRead.size());
    for (String k : toRead) {
      futures.add(readers.submit(() -> read(k)));
    }
    try {
      for (int i = 0; i < toRead.size(); i++) {
        Optional<IndexObject> r = futures.get(i).get();
        if (r.isPresent()) {
          out.put(toRead.get(i), r.get());
        }
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the index of " + bucket.where(), e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      Throwable c = e.getCause();
      throw c instanceof IOException io ? io : new IOException("cannot read the index of " + bucket.where() + ": " + c, c);
    }
    return out;
  }

  /**
   * One index object; empty when it vanished (compacted). An object that cannot be parsed is
   * logged and comes back marked unreadable, so that it is counted and never compacted away.
   */
  private Optional<IndexObject> read(String key) throws IOException {
    Optional<byte[]> bytes = bucket.get(key);
    objectsRead.incrementAndGet();
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(IndexObject.of(IndexRecord.parse(bytes.get())));
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "cannot parse index object '" + key + "' in " + bucket.where() + " (" + e.getMessage()
          + "); it stays in the bucket untouched, its records unknown to this instance");
      return Optional.of(new IndexObject(List.of(), Optional.of(e.getMessage())));
    }
  }

  /** A stored profile's own index record, read straight from the bucket; empty when there is none or it cannot be parsed. */
  public Optional<IndexRecord.Stored> readEntry(String id) throws IOException {
    Optional<IndexObject> o = read(keys.entry(id));
    if (o.isEmpty() || o.get().records().size() != 1
        || !(o.get().records().get(0) instanceof IndexRecord.Stored s) || !s.id().equals(id)) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** Whether any object, parseable or not, sits at the profile's own index key. */
  public boolean entryExists(String id) throws IOException {
    return bucket.get(keys.entry(id)).isPresent();
  }

  private View build(Map<String, IndexObject> objs) {
    Map<String, IndexRecord.Stored> records = new HashMap<>(objs.size() * 2);
    Map<String, Long> deleted = new HashMap<>();
    Set<IndexRecord.Unknown> unknown = new LinkedHashSet<>();
    int unreadable = 0;
    for (IndexObject o : objs.values()) {
      if (o.unreadable().isPresent()) {
        unreadable++;
      }
      for (IndexRecord r : o.records()) {
        if (r instanceof IndexRecord.Deleted d) {
          deleted.merge(d.id(), d.atMillis(), Math::min);
        } else if (r instanceof IndexRecord.Stored s) {
          records.merge(s.id(), s, (a, b) -> a.crc32c().isPresent() ? a : b);
        } else {
          unknown.add((IndexRecord.Unknown) r);
        }
      }
    }
    records.keySet().removeAll(deleted.keySet());
    Map<String, StoredProfile> live = new HashMap<>(records.size() * 2);
    for (IndexRecord.Stored s : records.values()) {
      live.put(s.id(), s.profile());
    }
    List<StoredProfile> newest = new ArrayList<>(live.values());
    newest.sort(ProfileStorage.NEWEST_FIRST);
    return new View(live, List.copyOf(newest), records, deleted, unknown, unreadable);
  }

  // ------------------------------------------------------------------ this instance's writes

  /** Enters an index object this instance wrote. */
  public synchronized void added(String key, List<? extends IndexRecord> records) {
    Map<String, IndexObject> next = new HashMap<>(objects);
    next.put(key, IndexObject.of(List.copyOf(records)));
    objects = next;
    localChanges.put(key, time.nanoTime());
    localDrops.remove(key);
    view = null;
  }

  /** Removes an index object this instance deleted. */
  public synchronized void dropped(String key) {
    Map<String, IndexObject> next = new HashMap<>(objects);
    next.remove(key);
    objects = next;
    localChanges.put(key, time.nanoTime());
    localDrops.add(key);
    view = null;
  }

  // ------------------------------------------------------------------ compaction

  /**
   * Folds loose objects into a segment when there are at least the threshold of them, and merges
   * every segment into one when there are more than the most allowed. Safe beside other
   * instances doing the same: an object is deleted only after a segment holding its records is
   * written, so two compactions at once leave duplicate records, which the view merges, and never
   * lose one. Only objects this instance parsed are folded or merged, and so deleted; records of
   * unknown types are carried into the new segment as they were.
   *
   * @return true when anything was compacted
   */
  public boolean compactIfNeeded() throws IOException {
    Map<String, IndexObject> snapshot;
    synchronized (this) {
      snapshot = objects;
    }
    List<String> loose = new ArrayList<>();
    int segments = 0;
    for (Map.Entry<String, IndexObject> e : snapshot.entrySet()) {
      if (e.getValue().unreadable().isPresent()) {
        continue;
      }
      if (keys.isLoose(e.getKey())) {
        loose.add(e.getKey());
      } else if (keys.isSegment(e.getKey())) {
        segments++;
      }
    }
    boolean any = false;
    if (loose.size() >= settings.compactThreshold()) {
      List<IndexRecord> records = new ArrayList<>();
      for (String k : loose) {
        records.addAll(snapshot.get(k).records());
      }
      writeSegmentReplacing(records, loose);
      segments++;
      any = true;
    }
    if (segments > settings.maxSegments()) {
      List<String> current = new ArrayList<>();
      Set<IndexRecord.Unknown> unknown = new LinkedHashSet<>();
      synchronized (this) {
        for (Map.Entry<String, IndexObject> e : objects.entrySet()) {
          if (keys.isSegment(e.getKey()) && e.getValue().unreadable().isEmpty()) {
            current.add(e.getKey());
            for (IndexRecord r : e.getValue().records()) {
              if (r instanceof IndexRecord.Unknown u) {
                unknown.add(u);
              }
            }
          }
        }
      }
      View v = currentView();
      long horizon = time.now().minus(settings.tombstoneHorizon()).toEpochMilli();
      List<IndexRecord> merged = new ArrayList<>(v.records().size() + v.deletedAt().size() + unknown.size());
      merged.addAll(v.records().values());
      for (Map.Entry<String, Long> d : v.deletedAt().entrySet()) {
        if (d.getValue() >= horizon) {
          merged.add(new IndexRecord.Deleted(d.getKey(), d.getValue()));
        }
      }
      merged.addAll(unknown);
      writeSegmentReplacing(merged, current);
      any = true;
    }
    return any;
  }

  private void writeSegmentReplacing(List<? extends IndexRecord> records, List<String> replaced) throws IOException {
    String key = keys.segment(time.now().toEpochMilli(), ThreadLocalRandom.current().nextLong());
    bucket.put(key, IndexRecord.toBytes(records));
    added(key, records);
    bucket.deleteAll(replaced);
    for (String old : replaced) {
      dropped(old);
    }
  }

  // ------------------------------------------------------------------ counts

  /** Index objects in the bucket, as of the last refresh, that could not be parsed and are left as they are. */
  public int unreadable() {
    return currentView().unreadable();
  }

  /** Listings of the index so far. */
  public long refreshes() {
    return refreshes.get();
  }

  /** Index objects read so far. */
  public long objectsRead() {
    return objectsRead.get();
  }
}
