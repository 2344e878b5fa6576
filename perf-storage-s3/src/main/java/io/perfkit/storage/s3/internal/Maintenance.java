package io.perfkit.storage.s3.internal;

import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.RetentionPolicy;
import io.perfkit.api.storage.StoredProfile;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What keeps a bucket in shape, with no coordination between the instances that share it:
 * retention by the shared {@link RetentionPolicy}, compaction of the index, and the sweep of
 * what writers killed mid-store left (unfinished multipart uploads, content without an index
 * record), after each write, on demand and on a schedule. Requests a server does not implement
 * are logged once and counted, and the rest still runs.
 */
public final class Maintenance implements AutoCloseable {

  /** Deletes one profile the way the storage does. */
  public interface Remover {
    void remove(StoredProfile p) throws IOException;
  }

  /** One scheduled run. */
  public interface Run {
    int run() throws IOException;
  }

  private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());

  private final Bucket bucket;
  private final KeyLayout keys;
  private final BucketIndex index;
  private final TimeSource time;
  private final RetentionPolicy retention;
  private final Duration abandonAfter;
  private final String description;
  private final Remover remover;
  private final Predicate<String> pinned;
  private final ReentrantLock compactLock = new ReentrantLock();
  private final ReentrantLock retentionLock = new ReentrantLock();
  private final AtomicLong compactions = new AtomicLong();
  private final AtomicLong unsupportedRequests = new AtomicLong();
  private final Set<String> reportedOnce = ConcurrentHashMap.newKeySet();
  private volatile ScheduledExecutorService scheduler;

  /**
   * @param description the storage as messages name it
   * @param remover deletes a profile the limits select
   * @param pinned whether a profile's content is open here, so retention must stop at it
   */
  public Maintenance(Bucket bucket, KeyLayout keys, BucketIndex index, TimeSource time, RetentionPolicy retention,
      Duration abandonAfter, String description, Remover remover, Predicate<String> pinned) {
    this.bucket = bucket;
    this.keys = keys;
    this.index = index;
    this.time = time;
    this.retention = retention;
    this.abandonAfter = abandonAfter;
    this.description = description;
    this.remover = remover;
    this.pinned = pinned;
  }

  /** Whether retention has limits: without, it sends no request. */
  public boolean hasLimits() {
    return retention.hasLimits();
  }

  /** Compaction and retention after a write, on the writing thread; a failure here fails nothing stored. */
  public void afterWrite() {
    compactQuietly();
    if (retention.hasLimits()) {
      try {
        trim(index.currentView());
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "retention on " + description + " failed; it runs again on the next store: " + e);
      }
    }
  }

  /**
   * Compacts the index when it needs it, unless another thread of this instance is compacting
   * already; a failure is logged, stores nothing less, and the next write tries again.
   */
  public void compactQuietly() {
    if (compactLock.tryLock()) {
      try {
        if (index.compactIfNeeded()) {
          compactions.incrementAndGet();
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "index compaction of " + description + " failed; the next write tries again: " + e);
      } finally {
        compactLock.unlock();
      }
    }
  }

  /**
   * Deletes the profiles the shared {@link RetentionPolicy} selects, oldest first, stopping at
   * one whose content this instance has open; returns how many.
   */
  private int trim(BucketIndex.View v) throws IOException {
    if (!retention.hasLimits()) {
      return 0;
    }
    retentionLock.lock();
    try {
      List<StoredProfile> oldestFirst = new ArrayList<>(v.newestFirst());
      Collections.reverse(oldestFirst);
      int deleted = 0;
      for (StoredProfile p : retention.select(oldestFirst, time.now(), pinned)) {
        remover.remove(p);
        deleted++;
      }
      return deleted;
    } finally {
      retentionLock.unlock();
    }
  }

  /**
   * Lists the index, deletes what the limits select, compacts, and sweeps what killed writers left.
   *
   * @return how many profiles the limits deleted
   */
  public int maintain() throws IOException {
    index.refresh(true);
    int deleted = trim(index.currentView());
    compactQuietly();
    sweepAbandoned();
    return deleted;
  }

  /**
   * Removes what writers killed mid-store left behind, once older than {@code abandonAfter}:
   * unfinished multipart uploads, and content whose index record was never written. Does what
   * the server supports: without ListMultipartUploads or AbortMultipartUpload the uploads are
   * left (logged once, counted), and the content half still runs. It removes no content while
   * some index object cannot be parsed or holds records of unknown types, since those may be
   * the content's records.
   */
  private void sweepAbandoned() throws IOException {
    Instant before = time.now().minus(abandonAfter);
    List<Bucket.Upload> uploads = List.of();
    try {
      uploads = bucket.unfinishedUploads(keys.contentPrefix());
    } catch (Bucket.NotSupportedException e) {
      unsupported("ListMultipartUploads", e);
    }
    for (Bucket.Upload u : uploads) {
      if (u.initiated().isBefore(before)) {
        try {
          bucket.abortCounted(u.key(), u.uploadId());
          LOG.log(Level.INFO, "aborted an upload to '" + u.key() + "' in " + bucket.where() + " begun " + u.initiated()
              + " and never completed");
        } catch (Bucket.NotSupportedException e) {
          unsupported("AbortMultipartUpload", e);
          break;
        } catch (IOException e) {
          LOG.log(Level.WARNING, "could not abort the abandoned upload " + u.uploadId() + " to '" + u.key() + "' in "
              + bucket.where() + "; the next sweep tries again: " + e.getMessage());
        }
      }
    }
    BucketIndex.View v = index.currentView();
    if (v.incomplete()) {
      if (reportedOnce.add("incomplete-index")) {
        LOG.log(Level.WARNING, "the index of " + description + " holds " + v.unreadable() + " object(s) this instance"
            + " cannot parse and " + v.unknown().size() + " record(s) of unknown types; content without a record"
            + " this instance can read is kept rather than swept");
      }
      return;
    }
    for (Bucket.Listed l : bucket.list(keys.contentPrefix())) {
      Optional<String> id = keys.idOfContent(l.key());
      if (id.isPresent() && !v.live().containsKey(id.get()) && l.lastModified().isBefore(before)
          && !index.entryExists(id.get())) {
        bucket.delete(l.key());
        LOG.log(Level.INFO, "deleted '" + l.key() + "' in " + bucket.where() + ": content without an index record since "
            + l.lastModified());
      }
    }
  }

  private void unsupported(String request, Bucket.NotSupportedException e) {
    unsupportedRequests.incrementAndGet();
    if (reportedOnce.add(request)) {
      LOG.log(Level.WARNING, request + " is not implemented by " + bucket.where() + "; retention and the sweep do"
          + " without it, so parts of uploads that killed writers left stay until the bucket's lifecycle rule"
          + " (AbortIncompleteMultipartUpload) or an operator removes them: " + e.getMessage());
    }
  }

  /**
   * Runs {@code run} every {@code interval} on a thread of its own, from one interval on; zero
   * schedules nothing. A failure is logged, unless {@code closed} says the storage is closed.
   */
  public void schedule(Duration interval, Run run, BooleanSupplier closed) {
    if (interval.isZero()) {
      return;
    }
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "perfkit-s3-retention");
      t.setDaemon(true);
      return t;
    });
    scheduler = s;
    long every = interval.toMillis();
    s.scheduleWithFixedDelay(() -> {
      try {
        run.run();
      } catch (IOException | RuntimeException e) {
        if (!closed.getAsBoolean()) {
          LOG.log(Level.WARNING, "scheduled retention on " + description + " failed: " + e.getMessage());
        }
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  /** Compactions this instance ran. */
  public long compactions() {
    return compactions.get();
  }

  /** Requests the server answered as not implemented. */
  public long unsupportedRequests() {
    return unsupportedRequests.get();
  }

  /** Stops the schedule. */
  @Override
  public void close() {
    ScheduledExecutorService s = scheduler;
    if (s != null) {
      s.shutdownNow();
    }
  }
}
