package io.perfkit.profiler.trigger;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.perfkit.api.Arguments;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.ProfileMerge;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.internal.Threads;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A steady record of where the time goes, to compare a bad hour with: the always-on recorder's
 * stream cut into consecutive chunks (one a minute unless set), each handed to the sink (a
 * {@link io.perfkit.profiler.delivery.ProfileCollector}, which adds {@code service} and
 * {@code instance} and stores it within the storage's retention) as the chunk's recording and,
 * beside it, one compact profile per type (CPU, allocation and lock unless set): its stacks
 * with each name once ({@link StackProfile#stacks()}, format {@link ProfileMerge#FORMAT}), which
 * {@link ProfileMerge} reads without parsing the recording. Every one is labelled {@code trigger=continuous}. Opt-in.
 *
 * <pre>{@code
 * ContinuousProfiles chunks = ContinuousProfiles.builder(recorder, collector).build().start();
 * }</pre>
 *
 * <p>Chunks cover time without gaps or overlaps: each begins where the one before ended. The
 * cutting thread reads each chunk's recording once per type and never waits for the sink; a
 * chunk that cannot be cut (the recorder closed, a disk full) is counted in {@link #failed()} and
 * the next one begins where it would have. The recorder must keep at least one interval
 * ({@code maxAge}), or the builder refuses it.
 */
public final class ContinuousProfiles implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ContinuousProfiles.class.getName());

  /** The default chunk length. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  private final ContinuousRecorder recorder;
  private final Consumer<CaptureResult> sink;
  private final Duration interval;
  private final Set<ProfileType> types;
  private final Labels labels;
  private final TimeSource time;
  private final ScheduledExecutorService cutter;
  private final AtomicLong chunks = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private Instant chunkStart;  // on the cutting thread, or under the monitor before start
  private boolean started;

  private ContinuousProfiles(Builder b) {
    this.recorder = b.recorder;
    this.sink = b.sink;
    this.interval = b.interval;
    this.types = Set.copyOf(b.types);
    this.labels = b.labels.with(ProfileLabels.TRIGGER, ProfileMerge.CONTINUOUS);
    this.time = b.time;
    this.cutter = Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setNameFormat("perfkit-continuous-profiles").setDaemon(true).build());
  }

  /**
   * The one way to cut continuous profiles: {@code ContinuousProfiles.builder(recorder, sink)…build().start()}.
   *
   * @throws NullPointerException when an argument is null
   */
  public static Builder builder(ContinuousRecorder recorder, Consumer<CaptureResult> sink) {
    return new Builder(recorder, sink);
  }

  /** Begins the first chunk now and cuts one every interval. */
  public synchronized ContinuousProfiles start() {
    if (started) {
      throw new IllegalStateException("continuous profiles already started");
    }
    started = true;
    chunkStart = time.now();
    long ms = interval.toMillis();
    cutter.scheduleAtFixedRate(this::cutQuietly, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  private void cutQuietly() {
    try {
      cut();
    } catch (IOException | RuntimeException e) {
      failed.incrementAndGet();
      LOG.log(Level.WARNING, "continuous profile chunk not cut: " + e.getMessage());
    }
  }

  /**
   * Cuts the chunk from the end of the last one to now and hands it to the sink: its recording,
   * then its compact profiles. The schedule calls it; a test may call it directly (with a
   * {@link Builder#timeSource}), not at the same time as the schedule.
   *
   * @throws IllegalStateException before {@link #start()}
   * @throws IOException when the recording cannot be cut or read; the next chunk begins at now
   */
  public void cut() throws IOException {
    Instant begin;
    synchronized (this) {
      if (!started) {
        throw new IllegalStateException("continuous profiles not started: call start()");
      }
      begin = chunkStart;
      chunkStart = time.now();
    }
    Instant end = chunkStart;
    if (!end.isAfter(begin)) {
      return;
    }
    CaptureResult recording = recorder.snapshot(begin, end, ProfileType.CPU, labels);
    try {
      for (ProfileType type : types) {
        StackProfile stacks = StackProfile.read(recording.file(), type);
        Path compact = Files.createTempFile(recording.file().getParent(), "chunk-" + type.wireName() + "-", "."
            + ProfileMerge.FORMAT);
        Files.writeString(compact, stacks.stacks(), StandardCharsets.UTF_8);
        sink.accept(new CaptureResult(new ProfileMetadata(type, begin, Duration.between(begin, end), ProfileMerge.FORMAT,
            labels), compact));
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(recording.file());
      throw e;
    }
    sink.accept(recording);
    chunks.incrementAndGet();
  }

  /** Chunks cut and handed to the sink. */
  public long chunks() {
    return chunks.get();
  }

  /** Chunks that could not be cut. */
  public long failed() {
    return failed.get();
  }

  /** The chunk length. */
  public Duration interval() {
    return interval;
  }

  /**
   * Stops cutting: a cut already running is finished (waiting up to 5 s), and the time since the
   * last cut is not cut.
   */
  @Override
  public void close() {
    cutter.shutdown();
    Threads.awaitQuietly(cutter, "continuous profiles");
  }

  /** The chunk length, the types, the labels. */
  public static final class Builder {
    private final ContinuousRecorder recorder;
    private final Consumer<CaptureResult> sink;
    private Duration interval = DEFAULT_INTERVAL;
    private Set<ProfileType> types = EnumSet.of(ProfileType.CPU, ProfileType.ALLOCATION, ProfileType.LOCK);
    private Labels labels = Labels.empty();
    private TimeSource time = TimeSource.system();

    private Builder(ContinuousRecorder recorder, Consumer<CaptureResult> sink) {
      this.recorder = Objects.requireNonNull(recorder, "recorder");
      this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * The chunk length (1 minute unless set), at least a second.
     *
     * @throws IllegalArgumentException when it is shorter than a second
     */
    public Builder interval(Duration interval) {
      Arguments.positive("interval", interval);
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("interval " + interval + " is shorter than a second; chunks are cut from a "
            + "recording whose dumps are aligned to seconds");
      }
      this.interval = interval;
      return this;
    }

    /**
     * The types each chunk is stored as, in compact form: any of CPU, ALLOCATION, LOCK and IO.
     *
     * @throws IllegalArgumentException when none is given or one has no stacks in a recording
     */
    public Builder types(ProfileType... types) {
      Set<ProfileType> set = EnumSet.noneOf(ProfileType.class);
      for (ProfileType t : types) {
        if (!List.of(ProfileType.CPU, ProfileType.ALLOCATION, ProfileType.LOCK, ProfileType.IO)
            .contains(Objects.requireNonNull(t, "type"))) {
          throw new IllegalArgumentException("type " + t.wireName() + " cannot be cut from a continuous recording; "
              + "use cpu, allocation, lock or io");
        }
        set.add(t);
      }
      if (set.isEmpty()) {
        throw new IllegalArgumentException("no types given; use cpu, allocation, lock or io");
      }
      this.types = set;
      return this;
    }

    /** Labels every chunk carries besides {@code trigger=continuous}. */
    public Builder labels(Labels labels) {
      this.labels = Objects.requireNonNull(labels, "labels");
      return this;
    }

    /** The clock chunks are cut by; tests pass a fake one and call {@link #cut()}. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * @throws IllegalArgumentException when the recorder keeps less than one interval
     */
    public ContinuousProfiles build() {
      if (recorder.maxAge().compareTo(interval) < 0) {
        throw new IllegalArgumentException("the continuous recorder keeps " + recorder.maxAge() + " (maxAge), less than "
            + "one chunk interval of " + interval + "; raise its maxAge or shorten the interval");
      }
      return new ContinuousProfiles(this);
    }
  }
}
