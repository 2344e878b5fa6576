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
 */
public final class BucketIndex {

  private static final System.Logger LOG = System.getLogger(BucketIndex.class.getName());

  /** The settings of refresh and compaction. */
  public record Settings(Duration refreshInterval, int compactThreshold, int maxSegments, Duration tombstoneHorizon) {}

  /** What the view holds: the live profiles, newest first, and the deletions it knows of. */
  public record View(Map<String, StoredProfile> live, List<StoredProfile> newestFirst, Map<String, Long> deletedAt) {}

  private final Bucket bucket;
  private final KeyLayout keys;
  private final TimeSource time;
  private final Settings settings;
  private final ExecutorService readers;
  private final ReentrantLock refreshLock = new ReentrantLock();
  private final AtomicLong unreadable = new AtomicLong();
  private final AtomicLong refreshes = new AtomicLong();
  private final AtomicLong objectsRead = new AtomicLong();

  // guarded by this
  private Map<String, List<IndexRecord>> objects = new HashMap<>();
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
      Map<String, List<IndexRecord>> known;
      synchronized (this) {
        known = objects;
      }
      Map<String, List<IndexRecord>> next = new HashMap<>(listed.size() * 2);
      List<String> toRead = new ArrayList<>();
      for (Bucket.Listed l : listed) {
        List<IndexRecord> r = known.get(l.key());
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

  private Map<String, List<IndexRecord>> readAll(List<String> toRead) throws IOException {
    Map<String, List<IndexRecord>> out = new HashMap<>();
    if (toRead.size() <= 2) {
      for (String k : toRead) {
        read(k).ifPresent(r -> out.put(k, r));
      }
      return out;
    }
    List<Future<Optional<List<IndexRecord>>>> futures = new ArrayList<>(toRead.size());
    for (String k : toRead) {
      futures.add(readers.submit(() -> read(k)));
    }
    try {
      for (int i = 0; i < toRead.size(); i++) {
        Optional<List<IndexRecord>> r = futures.get(i).get();
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

  /** One index object's records; empty when it vanished (compacted) or cannot be parsed. */
  private Optional<List<IndexRecord>> read(String key) throws IOException {
    Optional<byte[]> bytes = bucket.get(key);
    objectsRead.incrementAndGet();
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(IndexRecord.parse(bytes.get()));
    } catch (IllegalArgumentException e) {
      unreadable.incrementAndGet();
      LOG.log(Level.WARNING, "skipping unreadable index object '" + key + "' in " + bucket.where() + ": " + e.getMessage());
      return Optional.of(List.of());
    }
  }

  /** A stored profile's own index entry, read straight from the bucket; empty when there is none. */
  public Optional<StoredProfile> readEntry(String id) throws IOException {
    Optional<List<IndexRecord>> r = read(keys.entry(id));
    if (r.isEmpty() || r.get().size() != 1 || r.get().get(0).isDeletion() || !r.get().get(0).id().equals(id)) {
      return Optional.empty();
    }
    return Optional.of(r.get().get(0).profile());
  }

  private View build(Map<String, List<IndexRecord>> objs) {
    Map<String, StoredProfile> live = new HashMap<>(objs.size() * 2);
    Map<String, Long> deleted = new HashMap<>();
    for (List<IndexRecord> records : objs.values()) {
      for (IndexRecord r : records) {
        if (r.isDeletion()) {
          deleted.merge(r.deletedId(), r.deletedAtMillis(), Math::min);
        } else {
          live.put(r.id(), r.profile());
        }
      }
    }
    live.keySet().removeAll(deleted.keySet());
    List<StoredProfile> newest = new ArrayList<>(live.values());
    newest.sort(ProfileStorage.NEWEST_FIRST);
    return new View(live, List.copyOf(newest), deleted);
  }

  // ------------------------------------------------------------------ this instance's writes

  /** Enters an index object this instance wrote. */
  public synchronized void added(String key, List<IndexRecord> records) {
    Map<String, List<IndexRecord>> next = new HashMap<>(objects);
    next.put(key, List.copyOf(records));
    objects = next;
    localChanges.put(key, time.nanoTime());
    localDrops.remove(key);
    view = null;
  }

  /** Removes an index object this instance deleted. */
  public synchronized void dropped(String key) {
    Map<String, List<IndexRecord>> next = new HashMap<>(objects);
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
   * lose one.
   *
   * @return true when anything was compacted
   */
  public boolean compactIfNeeded() throws IOException {
    Map<String, List<IndexRecord>> snapshot;
    synchronized (this) {
      snapshot = objects;
    }
    List<String> loose = new ArrayList<>();
    int segments = 0;
    for (String k : snapshot.keySet()) {
      if (keys.isLoose(k)) {
        loose.add(k);
      } else if (keys.isSegment(k)) {
        segments++;
      }
    }
    boolean any = false;
    if (loose.size() >= settings.compactThreshold()) {
      List<IndexRecord> records = new ArrayList<>();
      for (String k : loose) {
        records.addAll(snapshot.get(k));
      }
      writeSegmentReplacing(records, loose);
      segments++;
      any = true;
    }
    if (segments > settings.maxSegments()) {
      View v = currentView();
      long horizon = time.now().minus(settings.tombstoneHorizon()).toEpochMilli();
      List<IndexRecord> merged = new ArrayList<>(v.live().size() + v.deletedAt().size());
      for (StoredProfile p : v.live().values()) {
        merged.add(IndexRecord.stored(p));
      }
      for (Map.Entry<String, Long> d : v.deletedAt().entrySet()) {
        if (d.getValue() >= horizon) {
          merged.add(IndexRecord.deleted(d.getKey(), d.getValue()));
        }
      }
      List<String> current = new ArrayList<>();
      synchronized (this) {
        for (String k : objects.keySet()) {
          if (keys.isSegment(k)) {
            current.add(k);
          }
        }
      }
      writeSegmentReplacing(merged, current);
      any = true;
    }
    return any;
  }

  private void writeSegmentReplacing(List<IndexRecord> records, List<String> replaced) throws IOException {
    String key = keys.segment(time.now().toEpochMilli(), ThreadLocalRandom.current().nextLong());
    bucket.put(key, IndexRecord.toBytes(records));
    added(key, records);
    bucket.deleteAll(replaced);
    for (String old : replaced) {
      dropped(old);
    }
  }

  // ------------------------------------------------------------------ counts

  /** Index objects that could not be parsed and were skipped. */
  public long unreadable() {
    return unreadable.get();
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
