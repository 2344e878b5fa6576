package io.perfkit.profiler;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.internal.JfrSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;

/**
 * On-demand profiles with JDK Flight Recorder.
 *
 * <pre>{@code
 * Profiler profiler = Profiler.builder().build();
 * CaptureResult cpu = profiler.capture(ProfileType.CPU, Duration.ofSeconds(10), Labels.of("why", "manual")).get();
 * }</pre>
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li>At most one capture per type runs at a time: a second request for a type already being
 *       captured <em>joins</em> the running capture and receives the same result (its labels and
 *       duration are not used). So a storm of requests costs one recording.</li>
 *   <li>At most {@code maxConcurrentRecordings} captures run at once (2 by default); a capture
 *       past the limit fails at once with {@link ProfilerBusyException}.</li>
 *   <li>A duration above {@code maxDuration} (5 minutes) is refused; a recording is cut at
 *       {@code maxSize} bytes (256 MB) by JFR itself.</li>
 * </ul>
 * Recordings running at once merge their settings to the most verbose, so a capture raises what
 * an always-on {@link FlightRecorder} collects while it runs.
 *
 * <p>Thread-safe. {@link #capture} never blocks the caller: the future completes on the
 * profiler's own scheduler thread.
 */
public final class Profiler implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Profiler.class.getName());

  private final Path workDir;
  private final Duration maxDuration;
  private final long maxSize;
  private final JfrSettings.Tuning tuning;
  private final Clock clock;
  private final Semaphore slots;
  private final int maxConcurrent;
  private final ScheduledExecutorService scheduler;
  private final Map<ProfileType, CompletableFuture<CaptureResult>> running = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  private Profiler(Builder b) throws IOException {
    this.workDir = b.workDir != null ? Files.createDirectories(b.workDir) : Files.createTempDirectory("perfkit-profiles");
    this.maxDuration = b.maxDuration;
    this.maxSize = b.maxSize;
    this.tuning = b.tuning;
    this.clock = b.clock;
    this.maxConcurrent = b.maxConcurrent;
    this.slots = new Semaphore(b.maxConcurrent);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setNameFormat("perfkit-profiler-%d").setDaemon(true).build());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where capture files are written. */
  public Path workDir() {
    return workDir;
  }

  /**
   * Captures a profile of {@code type} for {@code duration}, or joins the capture of that type
   * already running. A {@link ProfileType#THREAD_DUMP} is taken at once and ignores the duration.
   *
   * @return a future of the result, completed on the profiler's thread; failed with
   *     {@link ProfilerBusyException} when the concurrency limit is reached
   * @throws IllegalArgumentException when the duration is negative or above the maximum, naming it
   */
  public CompletableFuture<CaptureResult> capture(ProfileType type, Duration duration, Labels labels) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(labels, "labels");
    if (duration.isNegative() || duration.compareTo(maxDuration) > 0) {
      throw new IllegalArgumentException("capture duration " + duration + " must be between 0 and " + maxDuration);
    }
    if (type == ProfileType.THREAD_DUMP) {
      return CompletableFuture.supplyAsync(() -> threadDump(labels), scheduler);
    }
    CompletableFuture<CaptureResult> mine = new CompletableFuture<>();
    CompletableFuture<CaptureResult> existing = running.putIfAbsent(type, mine);
    if (existing != null) {
      return existing;
    }
    if (!slots.tryAcquire()) {
      running.remove(type, mine);
      refused.incrementAndGet();
      mine.completeExceptionally(new ProfilerBusyException(maxConcurrent + " recordings are already running (the limit); "
          + type.wireName() + " capture refused"));
      return mine;
    }
    try {
      Recording r = new Recording(JfrSettings.forType(type, tuning));
      r.setName("perfkit-" + type.wireName() + "-" + sequence.incrementAndGet());
      r.setToDisk(true);
      r.setMaxSize(maxSize);
      Instant start = clock.instant();
      r.start();
      scheduler.schedule(() -> finish(type, r, start, labels, mine), Math.max(1, duration.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      release(type, mine);
      mine.completeExceptionally(e);
    }
    return mine;
  }

  private void finish(ProfileType type, Recording r, Instant start, Labels labels, CompletableFuture<CaptureResult> f) {
    try {
      r.stop();
      Instant end = clock.instant();
      Path file = workDir.resolve(r.getName() + ".jfr");
      r.dump(file);
      ProfileMetadata m = new ProfileMetadata(type, start, Duration.between(start, end), "jfr",
          labels.with("trigger", labels.get("trigger").orElse("on-demand")));
      release(type, f);
      f.complete(new CaptureResult(m, file));
    } catch (IOException | RuntimeException e) {
      release(type, f);
      LOG.log(Level.WARNING, "capture " + r.getName() + " failed: " + e, e);
      f.completeExceptionally(e);
    } finally {
      r.close();
    }
  }

  private void release(ProfileType type, CompletableFuture<CaptureResult> f) {
    if (running.remove(type, f)) {
      slots.release();
    }
  }

  /** A thread dump, taken now on the calling thread. */
  public CaptureResult threadDump(Labels labels) {
    Instant now = clock.instant();
    Path file = workDir.resolve("perfkit-thread_dump-" + sequence.incrementAndGet() + ".txt");
    try {
      Files.writeString(file, ThreadDumps.dump(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write thread dump to " + file + ": " + e, e);
    }
    return new CaptureResult(new ProfileMetadata(ProfileType.THREAD_DUMP, now, Duration.ZERO, "txt",
        labels.with("trigger", labels.get("trigger").orElse("on-demand"))), file);
  }

  /** Captures refused by the concurrency limit. */
  public long refused() {
    return refused.get();
  }

  /** Types being captured now. */
  public java.util.Set<ProfileType> running() {
    return java.util.Set.copyOf(running.keySet());
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /** Configures a {@link Profiler}. */
  public static final class Builder {
    private Path workDir;
    private Duration maxDuration = Duration.ofMinutes(5);
    private long maxSize = 256L << 20;
    private int maxConcurrent = 2;
    private JfrSettings.Tuning tuning = JfrSettings.Tuning.ON_DEMAND;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Where capture files go (a new temporary directory by default). */
    public Builder workDir(Path dir) {
      this.workDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    public Builder maxDuration(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("maxDuration " + d + " must be positive");
      }
      this.maxDuration = d;
      return this;
    }

    /** JFR cuts a capture's recording at this size. */
    public Builder maxSize(long bytes) {
      if (bytes < 1 << 20) {
        throw new IllegalArgumentException("maxSize " + bytes + " must be at least 1 MiB");
      }
      this.maxSize = bytes;
      return this;
    }

    public Builder maxConcurrentRecordings(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrentRecordings " + n + " must be at least 1");
      }
      this.maxConcurrent = n;
      return this;
    }

    /** The CPU sampling period of captures (10 ms by default; JFR's minimum is 1 ms). */
    public Builder cpuPeriod(Duration period) {
      if (period.toMillis() < 1) {
        throw new IllegalArgumentException("cpuPeriod " + period + " must be at least 1 ms");
      }
      this.tuning = new JfrSettings.Tuning(period, tuning.allocationThrottle(), tuning.lockThreshold(), tuning.ioThreshold());
      return this;
    }

    /** LOCK and IO captures record waits longer than these (1 ms by default). */
    public Builder thresholds(Duration lock, Duration io) {
      this.tuning = new JfrSettings.Tuning(tuning.cpuPeriod(), tuning.allocationThrottle(), lock, io);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @throws IOException when the work directory cannot be created
     */
    public Profiler build() throws IOException {
      return new Profiler(this);
    }
  }
}
