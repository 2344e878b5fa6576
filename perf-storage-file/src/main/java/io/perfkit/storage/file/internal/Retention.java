package io.perfkit.storage.file.internal;

import io.perfkit.api.TimeSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Limits on age, total bytes and count, applied oldest start first, and the reader pins that
 * hold retention back: a profile whose content a reader has open is kept, and retention stops
 * at it rather than delete newer profiles out of turn, resuming when the last reader closes.
 * Runs after each store, on its own schedule and on demand; one run at a time.
 */
public final class Retention implements AutoCloseable {

  /** Deletes one profile the way the storage does; false when it was already gone. */
  public interface Deleter {
    boolean delete(String id) throws IOException;
  }

  private static final System.Logger LOG = System.getLogger(Retention.class.getName());

  private final Duration maxAge;
  private final long maxBytes;
  private final long maxCount;
  private final TimeSource time;
  private final ProfileIndex index;
  private final Deleter deleter;
  private final String where;
  private final ConcurrentHashMap<String, AtomicInteger> readers = new ConcurrentHashMap<>();
  private final Object runLock = new Object();
  private ScheduledExecutorService scheduler;
  private volatile boolean closed;

  /**
   * @param maxAge null for no age limit
   * @param maxBytes {@link Long#MAX_VALUE} for no size limit
   * @param maxCount {@link Long#MAX_VALUE} for no count limit
   * @param where the storage's directory, for log messages
   */
  public Retention(Duration maxAge, long maxBytes, long maxCount, TimeSource time, ProfileIndex index,
      Deleter deleter, String where) {
    this.maxAge = maxAge;
    this.maxBytes = maxBytes;
    this.maxCount = maxCount;
    this.time = time;
    this.index = index;
    this.deleter = deleter;
    this.where = where;
  }

  public boolean hasLimits() {
    return maxAge != null || maxBytes != Long.MAX_VALUE || maxCount != Long.MAX_VALUE;
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
      Instant oldestAllowed = maxAge == null ? null : time.now().minus(maxAge);
      int deleted = 0;
      for (ProfileRecord r : index.oldestFirst()) {
        boolean tooOld = oldestAllowed != null && r.profile().metadata().start().isBefore(oldestAllowed);
        boolean tooMany = index.size() > maxCount;
        boolean tooBig = index.totalBytes() > maxBytes;
        if (!tooOld && !tooMany && !tooBig) {
          break;
        }
        if (readers.containsKey(r.id())) {
          break;  // strictly oldest first: wait for the reader rather than delete newer profiles
        }
        if (deleter.delete(r.id())) {
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
