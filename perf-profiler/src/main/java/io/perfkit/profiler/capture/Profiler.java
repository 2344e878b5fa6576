package io.perfkit.profiler.capture;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.perfkit.api.Arguments;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.internal.JfrSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 *   <li>At most one recording per type runs at a time. A request for a type already being
 *       captured <em>joins</em> the running capture when that capture's window covers the one
 *       asked for (it runs at least {@code duration} longer), and receives a file of its own
 *       (a hard link to the same recording, or a copy where links are not supported) with its
 *       own labels; so a storm of requests costs one recording, and no consumer can delete what
 *       another still reads. A request whose window the running capture does not cover fails at
 *       once with {@link ProfilerBusyException} ({@link ProfilerBusyException.Reason#WINDOW_NOT_COVERED},
 *       with the time until the running one ends).</li>
 *   <li>At most {@code maxConcurrentRecordings} captures run at once (2 by default); a capture
 *       past the limit fails at once with {@link ProfilerBusyException}
 *       ({@link ProfilerBusyException.Reason#CONCURRENCY_LIMIT}).</li>
 *   <li>A duration above {@code maxDuration} (5 minutes) is refused; a recording is cut at
 *       {@code maxSize} bytes (256 MB) by JFR itself.</li>
 * </ul>
 * Recordings running at once merge their settings to the most verbose, so a capture raises what
 * an always-on {@link ContinuousRecorder} collects while it runs.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Callers: application code, triggers, the watchdog and the debug endpoints, from any
 *       thread. Thread-safe.</li>
 *   <li>{@link #capture} never blocks the caller: it starts the recording (or joins one) and
 *       returns; the future completes on the profiler's own scheduler thread.</li>
 *   <li>Ownership: each completed {@link CaptureResult} has a file of its own, which its taker
 *       deletes when done.</li>
 *   <li>Lifecycle: {@link #close()} stops every recording in flight, completes its futures
 *       exceptionally with an {@link IllegalStateException} that says so, leaves no JFR
 *       recording or thread of its own behind, and is idempotent; a capture after it fails the
 *       same way.</li>
 * </ul>
 *
 * <p><b>One class.</b> {@link #capture}, {@code finish} and {@link #close()} decide under the
 * profiler's lock, over {@code running}, {@code closed} and each {@code Running}'s {@code joiners}
 * and {@code done}: a request joins only a capture still in {@code running}, and whichever of
 * {@code finish} and {@code close} sets {@code done} first completes that capture's futures, once.
 * Split apart, they would have to share that lock and the mutable {@code Running} records.
 */
public final class Profiler implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Profiler.class.getName());

  private final Path workDir;
  private final Duration maxDuration;
  private final long maxSize;
  private final JfrSettings.Tuning tuning;
  private final TimeSource time;
  private final int maxConcurrent;
  private final ScheduledExecutorService scheduler;
  private final CpuEngine engine;  // null: JFR's own sampler
  private final Map<ProfileType, Running> running = new EnumMap<>(ProfileType.class);  // guarded by this
  private boolean closed;  // guarded by this
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong joined = new AtomicLong();

  /** A recording in flight, its owner's future and the futures of those who joined it. */
  private static final class Running {
    final ProfileType type;
    final Recording recording;
    final Instant start;
    final Instant plannedEnd;
    final Labels labels;
    final CompletableFuture<CaptureResult> owner = new CompletableFuture<>();
    CpuEngine.Session engineSession;  // a CPU capture's engine, when it has one
    Path engineFile;
    final List<Joiner> joiners = new ArrayList<>();  // guarded by the profiler
    boolean done;  // guarded by the profiler: finished or cancelled

    Running(ProfileType type, Recording recording, Instant start, Instant plannedEnd, Labels labels) {
      this.type = type;
      this.recording = recording;
      this.start = start;
      this.plannedEnd = plannedEnd;
      this.labels = labels;
    }
  }

  private record Joiner(Labels labels, CompletableFuture<CaptureResult> future) {}

  private Profiler(Builder b) throws IOException {
    this.workDir = b.workDir != null ? Files.createDirectories(b.workDir) : Files.createTempDirectory("perfkit-profiles");
    this.maxDuration = b.maxDuration;
    this.maxSize = b.maxSize;
    this.tuning = b.tuning;
    this.time = b.time;
    this.maxConcurrent = b.maxConcurrent;
    this.engine = b.engineChosen ? b.engine : CpuEngine.installed().orElse(null);
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

  /** What samples CPU captures: {@code jfr}, or the installed {@link CpuEngine}'s name. */
  public String cpuEngine() {
    return engine == null ? "jfr" : engine.name();
  }

  /** The longest capture this profiler takes. */
  public Duration maxDuration() {
    return maxDuration;
  }

  /**
   * Captures a profile of {@code type} for {@code duration}, or joins the capture of that type
   * already running when it covers that long from now. A {@link ProfileType#THREAD_DUMP} is
   * taken at once and ignores the duration.
   *
   * @return a future of the result, completed on the profiler's thread; failed at once with
   *     {@link ProfilerBusyException} when the capture cannot start now, and with
   *     {@link IllegalStateException} when the profiler is or gets closed
   * @throws IllegalArgumentException when the duration is negative or above the maximum, naming it
   */
  public CompletableFuture<CaptureResult> capture(ProfileType type, Duration duration, Labels labels) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(labels, "labels");
    if (duration.isNegative() || duration.compareTo(maxDuration) > 0) {
      throw new IllegalArgumentException("capture duration " + duration + " must be between 0 and " + maxDuration);
    }
    Labels tagged = labels.with(ProfileLabels.TRIGGER, labels.get(ProfileLabels.TRIGGER).orElse("on-demand"));
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("the profiler is closed; "
            + type.wireName() + " capture refused"));
      }
      if (type == ProfileType.THREAD_DUMP) {
        return CompletableFuture.supplyAsync(() -> threadDump(labels), scheduler);
      }
      Instant now = time.now();
      Running r = running.get(type);
      if (r != null) {
        Duration left = Duration.between(now, r.plannedEnd);
        if (left.compareTo(duration) >= 0) {
          Joiner j = new Joiner(tagged, new CompletableFuture<>());
          r.joiners.add(j);
          joined.incrementAndGet();
          return j.future;
        }
        refused.incrementAndGet();
        return CompletableFuture.failedFuture(new ProfilerBusyException(ProfilerBusyException.Reason.WINDOW_NOT_COVERED,
            left, "a " + type.wireName() + " capture is running for " + seconds(left) + " more, less than the "
                + seconds(duration) + " asked for; retry when it ends"));
      }
      if (running.size() >= maxConcurrent) {
        refused.incrementAndGet();
        Instant firstEnd = running.values().stream().map(x -> x.plannedEnd).min(Instant::compareTo).orElse(now);
        return CompletableFuture.failedFuture(new ProfilerBusyException(ProfilerBusyException.Reason.CONCURRENCY_LIMIT,
            Duration.between(now, firstEnd), maxConcurrent + " recordings are already running (the limit); "
                + type.wireName() + " capture refused"));
      }
      boolean byEngine = type == ProfileType.CPU && engine != null;
      Recording rec = new Recording(byEngine ? JfrSettings.gc() : JfrSettings.forType(type, tuning));
      rec.setName("perfkit-" + type.wireName() + "-" + sequence.incrementAndGet());
      rec.setToDisk(true);
      rec.setMaxSize(maxSize);
      Running started;
      try {
        rec.start();
        started = new Running(type, rec, now, now.plus(duration),
            type == ProfileType.CPU ? tagged.with(ProfileLabels.ENGINE, cpuEngine()) : tagged);
        if (byEngine) {
          started.engineFile = workDir.resolve(rec.getName() + "-" + engine.name() + ".jfr");
          try {
            started.engineSession = engine.start(started.engineFile, tuning.cpuPeriod());
          } catch (IOException e) {
            rec.close();
            return CompletableFuture.failedFuture(new IOException("the " + engine.name() + " CPU engine did not start: "
                + e.getMessage(), e));
          }
        }
        scheduler.schedule(() -> finish(started), Math.max(1, duration.toMillis()), TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        rec.close();
        return CompletableFuture.failedFuture(e);
      }
      running.put(type, started);
      return started.owner;
    }
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  private void finish(Running r) {
    List<Joiner> joiners;
    synchronized (this) {
      if (r.done) {
        return;  // cancelled by close()
      }
      r.done = true;
      running.remove(r.type, r);
      joiners = List.copyOf(r.joiners);
    }
    Path file = workDir.resolve(r.recording.getName() + ".jfr");
    try {
      r.recording.stop();
      Instant end = time.now();
      if (r.engineSession != null) {
        r.engineSession.stop();
        Files.move(r.engineFile, file);
      } else {
        r.recording.dump(file);
      }
      Duration length = Duration.between(r.start, end);
      for (Joiner j : joiners) {
        Path own = workDir.resolve(r.recording.getName() + "-" + sequence.incrementAndGet() + ".jfr");
        try {
          linkOrCopy(file, own);
          j.future.complete(new CaptureResult(new ProfileMetadata(r.type, r.start, length, "jfr", j.labels), own));
        } catch (IOException e) {
          j.future.completeExceptionally(new IOException("cannot give a joined " + r.type.wireName()
              + " capture a file of its own at " + own + ": " + e.getMessage(), e));
        }
      }
      r.owner.complete(new CaptureResult(new ProfileMetadata(r.type, r.start, length, "jfr", r.labels), file));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "capture " + r.recording.getName() + " failed: " + e, e);
      stopQuietly(r);
      deleteQuietly(file);
      r.owner.completeExceptionally(e);
      joiners.forEach(j -> j.future.completeExceptionally(e));
    } finally {
      r.recording.close();
    }
  }

  /** Stops a cancelled capture's engine and removes its file. */
  private static void stopQuietly(Running r) {
    if (r.engineSession == null) {
      return;
    }
    try {
      r.engineSession.stop();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "stopping the CPU engine of a cancelled capture: " + e);
    }
    deleteQuietly(r.engineFile);
  }

  private static void linkOrCopy(Path from, Path to) throws IOException {
    try {
      Files.createLink(to, from);
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(from, to);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "could not delete " + file + ": " + e);
    }
  }

  /** A thread dump, taken now on the calling thread. */
  public CaptureResult threadDump(Labels labels) {
    Instant now = time.now();
    Path file = workDir.resolve("perfkit-thread_dump-" + sequence.incrementAndGet() + ".txt");
    try {
      Files.writeString(file, ThreadDumps.dump(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write thread dump to " + file + ": " + e, e);
    }
    return new CaptureResult(new ProfileMetadata(ProfileType.THREAD_DUMP, now, Duration.ZERO, "txt",
        labels.with(ProfileLabels.TRIGGER, labels.get(ProfileLabels.TRIGGER).orElse("on-demand"))), file);
  }

  /** Captures refused because they could not start (limit reached, or a window not covered). */
  public long refused() {
    return refused.get();
  }

  /** Captures that joined a running one. */
  public long joined() {
    return joined.get();
  }

  /** Types being captured now. */
  public synchronized java.util.Set<ProfileType> running() {
    return java.util.Set.copyOf(running.keySet());
  }

  /**
   * Stops every recording in flight, fails its futures with an {@link IllegalStateException},
   * and stops the profiler's thread. Idempotent.
   */
  @Override
  public void close() {
    List<Running> cancelled = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (Running r : running.values()) {
        r.done = true;
        cancelled.add(r);
      }
      running.clear();
    }
    for (Running r : cancelled) {
      r.recording.close();
      stopQuietly(r);
      IllegalStateException e = new IllegalStateException("the profiler was closed while a " + r.type.wireName()
          + " capture was running; nothing was captured");
      r.owner.completeExceptionally(e);
      r.joiners.forEach(j -> j.future.completeExceptionally(e));
    }
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "the profiler's thread did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures a {@link Profiler}. */
  public static final class Builder {
    private Path workDir;
    private Duration maxDuration = Duration.ofMinutes(5);
    private long maxSize = 256L << 20;
    private int maxConcurrent = 2;
    private JfrSettings.Tuning tuning = JfrSettings.Tuning.ON_DEMAND;
    private TimeSource time = TimeSource.system();
    private CpuEngine engine;
    private boolean engineChosen;

    private Builder() {}

    /**
     * Samples CPU captures with {@code engine} instead of JFR; {@code null} keeps JFR's own
     * sampler even when an engine is installed. By default the first installed engine that can
     * run here ({@link CpuEngine#installed()}) is used, else JFR.
     */
    public Builder cpuEngine(CpuEngine engine) {
      this.engine = engine;
      this.engineChosen = true;
      return this;
    }

    /** Where capture files go (a new temporary directory by default). */
    public Builder workDir(Path dir) {
      this.workDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    public Builder maxDuration(Duration d) {
      Arguments.positive("maxDuration", d);
      this.maxDuration = d;
      return this;
    }

    /** JFR cuts a capture's recording at this size. */
    public Builder maxSize(long bytes) {
      this.maxSize = Arguments.atLeast("maxSize", bytes, 1 << 20);
      return this;
    }

    public Builder maxConcurrentRecordings(int n) {
      this.maxConcurrent = Arguments.positive("maxConcurrentRecordings", n);
      return this;
    }

    /** The CPU sampling period of captures (10 ms by default; JFR's minimum is 1 ms). */
    public Builder cpuPeriod(Duration period) {
      Arguments.atLeastOneMilli("cpuPeriod", period);
      this.tuning = new JfrSettings.Tuning(period, tuning.allocationThrottle(), tuning.lockThreshold(), tuning.ioThreshold(),
          tuning.heapPathCutoff());
      return this;
    }

    /** LOCK and IO captures record waits longer than these (1 ms by default). */
    public Builder thresholds(Duration lock, Duration io) {
      Arguments.notNegative("lock threshold", lock);
      Arguments.notNegative("I/O threshold", io);
      this.tuning = new JfrSettings.Tuning(tuning.cpuPeriod(), tuning.allocationThrottle(), lock, io, tuning.heapPathCutoff());
      return this;
    }

    /**
     * Lets HEAP captures record each old object's path to a GC root, searching for at most
     * {@code cutoff} when the capture ends (zero, the default, records none). The search walks
     * the heap while the application runs on; a few seconds is typical, and the JVM caps it.
     */
    public Builder heapPathsToGcRoots(Duration cutoff) {
      Arguments.notNegative("heap path cutoff", cutoff);
      this.tuning = new JfrSettings.Tuning(tuning.cpuPeriod(), tuning.allocationThrottle(), tuning.lockThreshold(),
          tuning.ioThreshold(), cutoff);
      return this;
    }

    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
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
