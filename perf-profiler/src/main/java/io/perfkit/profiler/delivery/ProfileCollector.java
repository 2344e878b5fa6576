package io.perfkit.profiler.delivery;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.perfkit.api.Arguments;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.ServiceInstance;
import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.profiler.analysis.EventSelection;
import io.perfkit.profiler.analysis.IoReport;
import io.perfkit.profiler.analysis.LockContention;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Hands every capture to a {@link ProfileStorage}, on its own thread with a bounded queue, so the
 * application never waits for storage.
 *
 * <ul>
 *   <li>{@link #submit} never blocks: when the queue is full the capture is dropped, counted and
 *       logged, and its file deleted.</li>
 *   <li>A store that fails is retried ({@code maxAttempts}, 3 by default, with a growing pause);
 *       after the last attempt the capture is counted as failed and logged. The pause is measured
 *       on the builder's {@link Builder#timeSource time source}, so a test moves a fake clock past
 *       it instead of waiting it out.</li>
 *   <li>Before storing, a short analysis adds the labels {@code top_1}, {@code top_2},
 *       {@code top_3} ({@code package.Class.method}): for CPU the top frames by self samples, for
 *       allocation the top sites by bytes, for lock the top contended monitor classes, for IO
 *       the top waiting frames. A listing then shows where the time went without opening the
 *       file.</li>
 *   <li>Built with {@link #builder}{@code .fleet(ServiceInstance.fromEnvironment("checkout"))},
 *       every profile also carries {@code service} and {@code instance}, so that in a storage
 *       shared by a fleet {@code /debug/profiles?label=instance:checkout-7f9c} finds one pod's
 *       profiles, and the same two labels on its metrics join them.</li>
 *   <li>{@link #close(Duration)} stops accepting and flushes what is queued within the time
 *       given; what is left is dropped and counted.</li>
 * </ul>
 */
public final class ProfileCollector implements AutoCloseable, Consumer<CaptureResult> {

  private static final System.Logger LOG = System.getLogger(ProfileCollector.class.getName());
  /** How often a retry's wait reads the time source again; a fake clock's move is seen this soon. */
  private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final ProfileStorage storage;
  private final Labels fleetLabels;
  private final int maxAttempts;
  private final Duration retryPause;
  private final TimeSource time;
  private final ThreadPoolExecutor worker;
  private final CopyOnWriteArrayList<Consumer<StoredProfile>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();

  private ProfileCollector(Builder b) {
    this.storage = b.storage;
    this.fleetLabels = b.fleetLabels;
    this.time = b.time;
    this.maxAttempts = b.maxAttempts;
    this.retryPause = b.retryPause;
    this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(b.queueCapacity),
        new ThreadFactoryBuilder().setNameFormat("perfkit-collector-%d").setDaemon(true).build());
  }

  /**
   * The one way to make a collector: {@code ProfileCollector.builder(storage).build()} for the
   * defaults (a queue of 64 captures, 3 attempts per store 200 ms apart, doubling), or with the
   * fleet labels, another queue, attempts or clock.
   */
  public static Builder builder(ProfileStorage storage) {
    return new Builder(storage);
  }

  /** The labels this collector adds to every profile: {@code service} and {@code instance}, or none. */
  public Labels fleetLabels() {
    return fleetLabels;
  }

  /** Called with each profile once it is stored (on the collector's thread). */
  public ProfileCollector onStored(Consumer<StoredProfile> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** Same as {@link #submit}. */
  @Override
  public void accept(CaptureResult r) {
    submit(r);
  }

  /**
   * Queues a capture for storage; never blocks.
   *
   * @return false when it was dropped (queue full, or the collector closed)
   */
  public boolean submit(CaptureResult r) {
    Objects.requireNonNull(r, "r");
    submitted.incrementAndGet();
    try {
      worker.execute(() -> store(r));
      return true;
    } catch (RejectedExecutionException full) {
      dropped.incrementAndGet();
      LOG.log(Level.WARNING, "profile collector queue full; dropped a " + r.metadata().type().wireName()
          + " profile (" + dropped.get() + " dropped so far)");
      deleteQuietly(r);
      return false;
    }
  }

  private void store(CaptureResult r) {
    // the capture's own labels win over the fleet's: an explicit instance label is kept
    Labels labels = fleetLabels.withAll(r.metadata().labels()).withAll(summaryLabels(r));
    for (int attempt = 1; ; attempt++) {
      try {
        StoredProfile p = storage.store(r.metadata().withLabels(labels), r.file());
        stored.incrementAndGet();
        deleteQuietly(r);
        for (Consumer<StoredProfile> l : listeners) {
          try {
            l.accept(p);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "collector listener failed: " + e, e);
          }
        }
        return;
      } catch (IOException | RuntimeException e) {
        if (attempt >= maxAttempts) {
          failed.incrementAndGet();
          LOG.log(Level.WARNING, "could not store a " + r.metadata().type().wireName() + " profile after " + attempt
              + " attempts; dropped: " + e.getMessage());
          deleteQuietly(r);
          return;
        }
        // the pause runs from the failure: read the clock before the retry is counted, so that
        // whoever sees the count and then moves the clock moves it past the pause's start
        long failedAt = time.nanoTime();
        retried.incrementAndGet();
        if (!pause(attempt, failedAt)) {
          failed.incrementAndGet();
          deleteQuietly(r);
          return;
        }
      }
    }
  }

  /**
   * Waits, on the time source, the pause before attempt {@code failed + 1}: {@code retryPause}
   * doubled for each attempt after the second. The worker parks in slices and reads the time
   * source after each, so the wait ends when that clock has moved on, whoever moves it.
   *
   * @return false when the thread was interrupted (its flag stays set)
   */
  private boolean pause(int failed, long begin) {
    long base = retryPause.toNanos();
    int doublings = failed - 1;
    long nanos = base <= 0 ? 0 : doublings >= Long.numberOfLeadingZeros(base) ? Long.MAX_VALUE : base << doublings;
    for (long left = nanos; left > 0; left = nanos - (time.nanoTime() - begin)) {
      LockSupport.parkNanos(this, Math.min(left, WAIT_SLICE_NANOS));
      if (Thread.currentThread().isInterrupted()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The top three frames, sites or monitors, the samples they rest on, a CPU profile's coverage
   * and, for a request's snapshot, the request's I/O wait and what it waited on, as labels.
   */
  static Labels summaryLabels(CaptureResult r) {
    ProfileType type = r.metadata().type();
    if (!r.metadata().format().equals("jfr") || type == ProfileType.THREAD_DUMP || type == ProfileType.HEAP) {
      return Labels.empty();
    }
    try {
      List<String> top;
      Labels l = Labels.empty();
      if (type == ProfileType.LOCK) {
        top = LockContention.topMonitors(r.file(), 3);
      } else {
        StackProfile p = StackProfile.read(r.file(), type, EventSelection.requestFilter(r.metadata().labels()));
        List<MethodStat> stats = type == ProfileType.CPU ? p.topSelf(3) : p.topSites(3);
        top = stats.stream().map(MethodStat::method).toList();
        l = l.with(ProfileLabels.SAMPLES, Long.toString(p.events()));
        if (p.coverage().isPresent()) {
          l = l.with(ProfileLabels.COVERAGE, String.format(java.util.Locale.ROOT, "%.2f", p.coverage().get().fraction()));
        }
      }
      for (int i = 0; i < top.size(); i++) {
        l = l.with(ProfileLabels.top(i + 1), clip(top.get(i)));
      }
      if (EventSelection.isRequestSnapshot(r.metadata().labels())) {
        IoReport io = IoReport.read(r.file(), EventSelection.requestFilter(r.metadata().labels()), IoReport.Grouping.FILE, 1);
        if (io.top().isPresent()) {
          l = l.with(ProfileLabels.IO_WAIT_MS, Long.toString(io.waitTime().toMillis()))
              .with(ProfileLabels.IO_TARGET, clip(io.top().get().name()));
        }
      }
      return l;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "no summary for " + r.file(), e);
      return Labels.empty();
    }
  }

  private static String clip(String v) {
    return v.length() > 1024 ? v.substring(0, 1024) : v;
  }

  private static void deleteQuietly(CaptureResult r) {
    try {
      r.deleteFile();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "cannot delete " + r.file(), e);
    }
  }

  public long submitted() {
    return submitted.get();
  }

  public long stored() {
    return stored.get();
  }

  /** Stores that failed every attempt. */
  public long failed() {
    return failed.get();
  }

  /** Captures dropped because the queue was full or the collector closed. */
  public long dropped() {
    return dropped.get();
  }

  /** Store attempts repeated after a failure. */
  public long retried() {
    return retried.get();
  }

  /** Captures waiting in the queue. */
  public int pending() {
    return worker.getQueue().size() + worker.getActiveCount();
  }

  /** Flushes for up to 10 seconds. */
  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  /** Stops accepting, flushes the queue within {@code timeout}, and drops what is left. */
  public void close(Duration timeout) {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        List<Runnable> left = worker.shutdownNow();
        dropped.addAndGet(left.size());
        LOG.log(Level.WARNING, "profile collector closed with " + left.size() + " profile(s) not stored");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.shutdownNow();
    }
  }

  /**
   * Builds a {@link ProfileCollector}; validates each value as it is set, so calls go in any
   * order. Not thread-safe.
   */
  public static final class Builder {
    private final ProfileStorage storage;
    private int queueCapacity = 64;
    private int maxAttempts = 3;
    private Duration retryPause = Duration.ofMillis(200);
    private Labels fleetLabels = Labels.empty();
    private TimeSource time = TimeSource.system();

    private Builder(ProfileStorage storage) {
      this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** Captures that may wait before further ones are dropped (64). */
    public Builder queueCapacity(int capacity) {
      this.queueCapacity = Arguments.positive("queue capacity", capacity);
      return this;
    }

    /** Attempts per store (3), with {@code pause} before the second, doubled for each further one. */
    public Builder attempts(int maxAttempts, Duration pause) {
      Arguments.positive("attempts", maxAttempts);
      this.retryPause = Arguments.notNegative("retry pause", pause);
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Labels every profile with this JVM's {@code service} and {@code instance}. */
    public Builder fleet(ServiceInstance who) {
      this.fleetLabels = Objects.requireNonNull(who, "who").labels();
      return this;
    }

    /** The clock that retries' pauses are measured on; the system's by default. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** A collector with its worker thread started lazily, on the first submitted capture. */
    public ProfileCollector build() {
      return new ProfileCollector(this);
    }
  }
}
