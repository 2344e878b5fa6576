package io.perfkit.profiler.async;

import io.perfkit.api.Arguments;
import io.perfkit.profiler.capture.CpuEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import one.profiler.AsyncProfiler;

/**
 * A {@link CpuEngine} on <a href="https://github.com/async-profiler/async-profiler">async-profiler</a>:
 * samples every thread by the CPU time it uses, native code, JVM stubs and kernel frames included,
 * and writes the samples as JFR {@code jdk.ExecutionSample} events.
 *
 * <h2>Which sampler</h2>
 * It asks async-profiler for its {@code cpu} event, which uses Linux perf events where the
 * kernel permits them ({@code perf_event_paranoid}, container seccomp) and otherwise falls back
 * by itself to a per-thread CPU timer ({@code ctimer}); where even {@code cpu} cannot start, it
 * uses {@code itimer}. Which one a recording actually used is in the file:
 * {@link #cpuSampler(Path)}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Callers: {@code Profiler} (for CPU captures) or any code, from any thread. Thread-safe.</li>
 *   <li>One session at a time per JVM: async-profiler is one native profiler per process, so every
 *       instance of this class shares it. {@link #start} while a session runs fails with an
 *       {@link IOException} naming that session's file; so does a start while async-profiler
 *       was started by something else (an agent).</li>
 *   <li>The first {@link #unavailableReason()} (or {@link #start}) loads the native library
 *       embedded in async-profiler's jar, from the same class loader as this class, and starts and
 *       stops a sampler once to learn which event is permitted (a few hundred milliseconds); the
 *       answer is kept for the life of the class loader.</li>
 *   <li>Nulls: parameters are non-null.</li>
 *   <li>Lifecycle: {@link CpuEngine.Session#stop} ends sampling, may be called again (it then does
 *       nothing) and leaves a complete JFR file, or throws an {@link IOException} saying what
 *       is missing.</li>
 * </ul>
 *
 * <p>On JDK 22 and later, loading the library is a restricted method call: run with
 * {@code --enable-native-access=ALL-UNNAMED} (on the class path) or
 * {@code --enable-native-access=async.profiler} (on the module path) to silence the JVM's
 * warning. It is a warning, not a failure.
 */
public final class AsyncProfilerEngine implements CpuEngine {

  /** The engine's name, the {@code engine} label of every profile it makes. */
  public static final String NAME = "async-profiler";

  /** The events tried, best first: {@code cpu} (perf events, else a CPU timer), then {@code itimer}. */
  private static final List<String> EVENTS = List.of("cpu", "itimer");

  private static final Object LOCK = new Object();  // async-profiler is one per process
  private static Probe probe;  // guarded by LOCK; null until first asked
  private static Running running;  // guarded by LOCK

  /** Called by {@link java.util.ServiceLoader}; all instances share one native profiler. */
  public AsyncProfilerEngine() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> unavailableReason() {
    Probe p = probe();
    return p instanceof Unavailable u ? Optional.of(u.reason()) : Optional.empty();
  }

  /**
   * The async-profiler event CPU captures use here: {@code cpu} or {@code itimer}; empty when
   * the engine {@linkplain #unavailableReason() cannot run here}.
   */
  public Optional<String> event() {
    Probe p = probe();
    return p instanceof Ready r ? Optional.of(r.event()) : Optional.empty();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The period is passed to async-profiler in nanoseconds. A path async-profiler's command
   * line cannot carry (one with a comma) is recorded in the temporary directory and moved to
   * {@code jfr} when the session stops.
   *
   * @throws IllegalArgumentException when {@code period} is not positive, naming it
   * @throws IOException when the engine cannot run here (with the reason), when a session is
   *     running already (naming its file), or when async-profiler refuses to start
   */
  @Override
  public Session start(Path jfr, Duration period) throws IOException {
    Objects.requireNonNull(jfr, "jfr");
    Arguments.positive("sampling period", period);
    Probe p = probe();
    if (p instanceof Unavailable u) {
      throw new IOException("async-profiler cannot sample here: " + u.reason());
    }
    Ready ready = (Ready) p;
    synchronized (LOCK) {
      if (running != null) {
        throw new IOException("async-profiler is already sampling into " + running.target + " since " + running.started
            + "; one session at a time per JVM, start again when it stops");
      }
      Path recorded = jfr.toAbsolutePath().toString().contains(",") ? Files.createTempFile("perfkit-async-profiler-", ".jfr") : jfr;
      if (recorded.toAbsolutePath().toString().contains(",")) {
        Files.deleteIfExists(recorded);
        throw new IOException("async-profiler cannot write to " + jfr + " nor to the temporary directory: its command line "
            + "separates options by commas and both paths have one");
      }
      String command = "start,event=" + ready.event() + ",interval=" + period.toNanos() + ",jfr,file=" + recorded.toAbsolutePath();
      try {
        ready.profiler().execute(command);
      } catch (IllegalStateException e) {
        throw new IOException("async-profiler is already running in this JVM, started outside Perfkit (an agent?): "
            + e.getMessage(), e);
      } catch (IllegalArgumentException | IOException e) {
        throw new IOException("async-profiler refused '" + command + "': " + e.getMessage(), e);
      }
      running = new Running(ready.profiler(), recorded, jfr, Instant.now());
      return running;
    }
  }

  /**
   * Which of async-profiler's CPU samplers made the recording {@code jfr}: {@code perf_events},
   * {@code ctimer} or {@code itimer}, as the file's {@code jdk.ActiveSetting} named
   * {@code engine} says; empty for a recording async-profiler did not write.
   *
   * @throws IOException when the file cannot be read as JFR
   */
  public static Optional<String> cpuSampler(Path jfr) throws IOException {
    Objects.requireNonNull(jfr, "jfr");
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if ("jdk.ActiveSetting".equals(e.getEventType().getName()) && e.hasField("name") && "engine".equals(e.getString("name"))) {
          return Optional.ofNullable(e.getString("value"));
        }
      }
    }
    return Optional.empty();
  }

  /** What the first look found: a loaded profiler and a permitted event, or why not. */
  private sealed interface Probe permits Ready, Unavailable {}

  private record Ready(AsyncProfiler profiler, String event) implements Probe {}

  private record Unavailable(String reason) implements Probe {}

  private static Probe probe() {
    synchronized (LOCK) {
      if (probe == null) {
        probe = look();
      }
      return probe;
    }
  }

  private static Probe look() {
    AsyncProfiler profiler;
    try {
      // loads the library once, from this class's loader: a second copy loaded through another
      // class loader would not sample
      profiler = AsyncProfiler.getInstance();
    } catch (NoClassDefFoundError e) {
      return new Unavailable("async-profiler's classes are missing: put tools.profiler:async-profiler on the path (" + e + ")");
    } catch (LinkageError | RuntimeException e) {
      return new Unavailable("async-profiler's native library does not load on " + System.getProperty("os.name") + " "
          + System.getProperty("os.arch") + " (the jar has Linux x64 and arm64 and macOS; -Done.profiler.libraryPath names "
          + "another copy): " + e);
    }
    StringBuilder refusals = new StringBuilder();
    for (String event : EVENTS) {
      try {
        // no file: nothing is written, and with an interval this long nothing is sampled
        profiler.execute("start,event=" + event + ",interval=1s");
        profiler.execute("stop");
        return new Ready(profiler, event);
      } catch (IllegalStateException e) {
        return new Unavailable("async-profiler is already running in this JVM, started outside Perfkit (an agent?): "
            + e.getMessage());
      } catch (IllegalArgumentException | IOException e) {
        refusals.append(refusals.length() == 0 ? "" : "; ").append(event).append(": ").append(e.getMessage());
      }
    }
    return new Unavailable("async-profiler permits none of the events " + EVENTS + " here: " + refusals);
  }

  /** The session in progress; at most one per JVM. */
  private static final class Running implements Session {
    private final AsyncProfiler profiler;
    private final Path recorded;  // where async-profiler writes
    private final Path target;  // where the caller wants the file
    private final Instant started;
    private boolean stopped;  // guarded by LOCK

    Running(AsyncProfiler profiler, Path recorded, Path target, Instant started) {
      this.profiler = profiler;
      this.recorded = recorded;
      this.target = target;
      this.started = started;
    }

    @Override
    public void stop() throws IOException {
      synchronized (LOCK) {
        if (stopped) {
          return;
        }
        stopped = true;
        running = null;
        try {
          profiler.execute("stop");
        } catch (IllegalStateException e) {
          throw new IOException("async-profiler was no longer sampling into " + target + " when its session stopped "
              + "(something else stopped it): " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
          throw new IOException("async-profiler did not stop its session writing " + target + ": " + e.getMessage(), e);
        }
        if (!recorded.equals(target)) {
          Files.move(recorded, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isRegularFile(target) || Files.size(target) == 0) {
          throw new IOException("async-profiler stopped but left no recording at " + target);
        }
      }
    }
  }
}
