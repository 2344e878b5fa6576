package io.perfkit.storage.file.internal;

import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.RetentionPolicy;
import io.perfkit.api.storage.StoredProfile;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies a {@link RetentionPolicy} to the directory, with the reader pins that hold it back:
 * the policy decides what goes (strictly oldest first, stopping at a profile a reader has open),
 * this class runs it after each store, on its own schedule, on demand and when the last reader
 * of a profile closes; one run at a time.
 */
public final class Retention implements AutoCloseable {

  /** Deletes one profile the way the storage does; false when it was already gone. */
  public interface Deleter {
    boolean delete(String id) throws IOException;
  }

  private static final System.Logger LOG = System.getLogger(Retention.class.getName());

  private final RetentionPolicy policy;
  private final TimeSource time;
  private final ProfileIndex index;
  private final Deleter deleter;
  private final String where;
  private final ConcurrentHashMap<String, AtomicInteger> readers = new ConcurrentHashMap<>();
  private final Object runLock = new Object();
  private ScheduledExecutorService scheduler;
  private volatile boolean closed;

  /** @param where the storage's directory, for log messages */
  public Retention(RetentionPolicy policy, TimeSource time, ProfileIndex index, Deleter deleter, String where) {
    this.policy = policy;
    this.time = time;
    this.index = index;
    this.deleter = deleter;
    this.where = where;
  }

  public boolean hasLimits() {
    return policy.hasLimits();
  }

  /** Runs on a daemon thread every {@code interval}; nothing when zero or without limits. */
  public void schedule(Duration interval) {
    if (interval.isZero() || !hasLimits()) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "perfkit-file-storage-retention");
      t.setDaemon(true);
      return t;
    });
    long period = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::applyQuietly, period, period, TimeUnit.MILLISECONDS);
  }

  /** Keeps {@code id} while a reader has its content open. */
  public void pin(String id) {
    readers.compute(id, (k, v) -> {
      AtomicInteger c = v == null ? new AtomicInteger() : v;
      c.incrementAndGet();
      return c;
    });
  }

  /** Releases one reader of {@code id}; retention resumes when it was the last. */
  public void unpin(String id) {
    AtomicInteger left = readers.computeIfPresent(id, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    if (left == null && hasLimits()) {
      applyQuietly();
    }
  }

  /** Applies the limits now; returns how many profiles were deleted. */
  public int apply() throws IOException {
    if (!hasLimits()) {
      return 0;
    }
    synchronized (runLock) {
      List<StoredProfile> oldestFirst = new ArrayList<>(index.size());
      for (ProfileRecord r : index.oldestFirst()) {
        oldestFirst.add(r.profile());
      }
      int deleted = 0;
      for (StoredProfile p : policy.select(oldestFirst, time.now(), readers::containsKey)) {
        if (deleter.delete(p.id())) {
          deleted++;
        }
      }
      return deleted;
    }
  }

  /** Applies the limits, logging rather than throwing a failure; nothing once closed. */
  public void applyQuietly() {
    if (closed) {
      return;
    }
    try {
      apply();
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.WARNING, "profile retention in " + where + " failed: " + e, e);
    }
  }

  @Override
  public void close() {
    closed = true;
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
