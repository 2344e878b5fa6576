package io.perfkit.profiler.capture;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.perfkit.api.Arguments;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.internal.JfrSettings;
import io.perfkit.profiler.internal.Threads;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * An always-on, low-overhead recording that keeps the last {@code maxAge} (and at most
 * {@code maxSize} bytes), so that what already happened can be dumped: the slow request itself,
 * not the seconds after it.
 *
 * <h2>How a snapshot is cut</h2>
 * {@link #snapshot} asks JFR for the span [begin, end] through the {@code JFR.dump} diagnostic
 * command, which takes {@code begin} and {@code end} (on JDK 17, {@code Recording.dump} writes the
 * whole buffer and {@code RecordingFile.write} with a filter does not exist yet). JFR answers in
 * whole chunks, so the file covers the span and may start earlier; to keep that margin small the
 * recorder closes a chunk every {@code chunkInterval} (5 s). On JDK 19 and later the file is then
 * cut to the span exactly, event by event, with {@code RecordingFile.write}. Either way the
 * profile's labels carry the span, and analysis can slice by it.
 *
 * <h2>Settings</h2>
 * CPU samples every 10 ms, JFR's own "profile" setting, so that a request of one second that
 * spends a third of it in Java yields about 35 samples rather than 17 (and CPU-time samples on
 * JVMs that have them), allocation samples at
 * 150/s, monitor, park, socket, file and sleep events above 10 ms, old-object samples (which only
 * see objects allocated while a recording runs, so they belong here), and Perfkit's own request
 * and trace events. A capture started meanwhile raises these while it runs, since JFR merges the
 * settings of concurrent recordings to the most verbose.
 *
 * <p>Thread-safe.
 */
public final class ContinuousRecorder implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ContinuousRecorder.class.getName());
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

  private final Recording recording;
  private final Path workDir;
  private final ScheduledExecutorService rotation;
  private final AtomicLong sequence = new AtomicLong();
  private final Duration maxAge;
  private final Duration chunkInterval;
  private volatile boolean started;  // written under this, read by snapshots
  private boolean closed;  // guarded by this

  private ContinuousRecorder(Path workDir, Duration maxAge, long maxSize, Duration chunkInterval) {
    this.workDir = workDir;
    this.maxAge = maxAge;
    this.chunkInterval = chunkInterval;
    this.recording = new Recording(JfrSettings.alwaysOn(JfrSettings.Tuning.ALWAYS_ON));
    recording.setName("perfkit-continuous-" + System.identityHashCode(this));
    recording.setToDisk(true);
    recording.setMaxAge(maxAge);
    recording.setMaxSize(maxSize);
    this.rotation = Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setNameFormat("perfkit-continuous-rotation").setDaemon(true).build());
  }

  /**
   * Starts recording, and closing a chunk every {@code chunkInterval}; a second call does nothing.
   *
   * @throws IllegalStateException once closed
   */
  public synchronized ContinuousRecorder start() {
    if (closed) {
      throw new IllegalStateException("the continuous recorder in " + workDir + " is closed");
    }
    if (!started) {
      recording.start();
      long ms = chunkInterval.toMillis();
      if (ms > 0) {
        rotation.scheduleWithFixedDelay(ContinuousRecorder::rotateChunk, ms, ms, TimeUnit.MILLISECONDS);
      }
      started = true;
    }
    return this;
  }

  /**
   * The one way to make a recorder writing its snapshots to {@code workDir}:
   * {@code ContinuousRecorder.builder(dir)…build().start()}, like every Perfkit component that
   * runs on its own: nothing records until {@link #start()}.
   *
   * @throws NullPointerException when {@code workDir} is null
   */
  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  /**
   * How much the recorder keeps and how it cuts it. Every setter checks its value as it is
   * given, so calls go in any order; the defaults suit a service: two minutes, 64 MiB, a chunk
   * closed every 5 s.
   */
  public static final class Builder {
    private final Path workDir;
    private Duration maxAge = Duration.ofMinutes(2);
    private long maxSize = 64L << 20;
    private Duration chunkInterval = Duration.ofSeconds(5);

    private Builder(Path workDir) {
      this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    /** How far back a snapshot can reach; 2 minutes by default. */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = Arguments.positive("maxAge", maxAge);
      return this;
    }

    /** The most the recording keeps on disk, in bytes; 64 MiB by default. */
    public Builder maxSize(long maxSize) {
      this.maxSize = Arguments.positive("maxSize", maxSize);
      return this;
    }

    /**
     * How often a chunk is closed, which bounds how much earlier than asked a snapshot on JDK 17
     * starts; 5 s by default, zero for never.
     */
    public Builder chunkInterval(Duration chunkInterval) {
      this.chunkInterval = Arguments.offOrAtLeastOneMilli("chunkInterval", chunkInterval);
      return this;
    }

    /**
     * Creates the work directory and the recording, not yet started.
     *
     * @throws IOException when the directory cannot be created
     */
    public ContinuousRecorder build() throws IOException {
      Files.createDirectories(workDir);
      return new ContinuousRecorder(workDir, maxAge, maxSize, chunkInterval);
    }
  }

  /** Closes the current chunk: starting any recording makes JFR begin a new one. */
  private static void rotateChunk() {
    try (Recording r = new Recording()) {
      r.start();
      r.stop();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "chunk rotation failed", e);
    }
  }

  /** How far back a snapshot can reach. */
  public Duration maxAge() {
    return maxAge;
  }

  /**
   * Dumps what was recorded between {@code begin} and {@code end} as a profile of {@code type}
   * (the file holds every kind of event; the type says what it is meant for).
   *
   * @throws IllegalArgumentException when the span is empty or reaches back further than maxAge
   * @throws IOException when the dump fails
   */
  public CaptureResult snapshot(Instant begin, Instant end, ProfileType type, Labels labels) throws IOException {
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(begin)) {
      throw new IllegalArgumentException("snapshot span is empty: begin " + begin + " is after end " + end);
    }
    if (!started) {
      throw new IllegalStateException("the continuous recorder in " + workDir + " is not started: call start()");
    }
    rotateChunk();
    Path file = workDir.resolve(recording.getName() + "-" + sequence.incrementAndGet() + ".jfr");
    // JFR.dump takes local times with second precision; widen by a second each way.
    String from = LOCAL.format(LocalDateTime.ofInstant(begin.minusSeconds(1), ZoneId.systemDefault()).withNano(0));
    String to = LOCAL.format(LocalDateTime.ofInstant(end.plusSeconds(1), ZoneId.systemDefault()).withNano(0));
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName dcmd = new ObjectName("com.sun.management:type=DiagnosticCommand");
      server.invoke(dcmd, "jfrDump",
          new Object[] {new String[] {"name=" + recording.getName(), "filename=" + file, "begin=" + from, "end=" + to}},
          new String[] {String[].class.getName()});
    } catch (JMException e) {
      throw new IOException("JFR.dump of " + recording.getName() + " failed: " + e.getMessage(), e);
    }
    if (!Files.exists(file)) {
      throw new IOException("JFR.dump wrote no file for " + begin + " .. " + end + " (nothing recorded yet?)");
    }
    cutToSpan(file, begin, end);
    // the always-on recording is JFR's own sampler, whatever engine on-demand captures use
    Labels tagged = type == ProfileType.CPU && labels.get(ProfileLabels.ENGINE).isEmpty()
        ? labels.with(ProfileLabels.ENGINE, "jfr") : labels;
    ProfileMetadata m = new ProfileMetadata(type, begin, Duration.between(begin, end), "jfr", tagged);
    return new CaptureResult(m, file);
  }

  /** On JDK 19+, rewrites the file with the events of the span only. */
  private static void cutToSpan(Path file, Instant begin, Instant end) {
    Method write = WRITE_WITH_FILTER;
    if (write == null) {
      return;
    }
    Path cut = file.resolveSibling(file.getFileName() + ".cut");
    Instant from = begin.minusMillis(50);
    Instant to = end.plusMillis(50);
    Predicate<RecordedEvent> inSpan = e -> !e.getEndTime().isBefore(from) && !e.getStartTime().isAfter(to);
    try (RecordingFile rf = new RecordingFile(file)) {
      write.invoke(rf, cut, inSpan);
    } catch (ReflectiveOperationException | IOException e) {
      LOG.log(Level.DEBUG, "could not cut " + file + " to its span; keeping the chunk-aligned dump", e);
      try {
        Files.deleteIfExists(cut);
      } catch (IOException ignored) {
        LOG.log(Level.DEBUG, "cannot delete " + cut, ignored);
      }
      return;
    }
    try {
      Files.move(cut, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "cannot replace " + file, e);
    }
  }

  private static final Method WRITE_WITH_FILTER = findWrite();

  private static Method findWrite() {
    try {
      return RecordingFile.class.getMethod("write", Path.class, Predicate.class);
    } catch (NoSuchMethodException e) {
      return null;  // JDK 17 and 18
    }
  }

  /** True when snapshots are cut to their span event by event (JDK 19+). */
  public static boolean cutsExactly() {
    return WRITE_WITH_FILTER != null;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    rotation.shutdownNow();
    Threads.awaitQuietly(rotation, "continuous recorder's rotation");
    recording.close();
  }
}
