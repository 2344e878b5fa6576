package io.perfkit.profiler.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Another source of CPU samples for {@link Profiler}'s CPU captures, for JDKs whose own sampler
 * misses native code and stubs: an engine that samples every thread by CPU time and writes a JFR
 * file of {@code jdk.ExecutionSample} events, so storage, analysis, flame graphs and diffs read
 * its profiles unchanged. Perfkit itself is pure Java and has none; a module a user adds (for
 * example {@code perf-profiler-async}, on async-profiler) provides one through
 * {@link ServiceLoader}, and a profiler built without an explicit engine uses the first installed
 * one that {@linkplain #unavailableReason() can run here}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Implementations have a public no-argument constructor and are thread-safe;
 *       {@link #unavailableReason()} is cheap after its first call.</li>
 *   <li>{@link #start} is called by the profiler under its own lock, at most once at a time per
 *       engine; it never blocks on I/O longer than loading the engine.</li>
 *   <li>{@link Session#stop} leaves a complete, readable JFR file at the path given to start, or
 *       throws an {@link IOException} naming what failed, and stops sampling either way.</li>
 *   <li>Frames the engine knows beyond Java methods (native code, stubs, the kernel) appear as
 *       frames of JFR type {@code Native}, {@code C++} or {@code Kernel}; the analysis names them
 *       {@code [native] symbol}.</li>
 * </ul>
 */
public interface CpuEngine {

  /** A short name, put on every profile it makes as the {@code engine} label: {@code async-profiler}. */
  String name();

  /** Why the engine cannot sample here (no library for this platform, no permitted event), or empty when it can. */
  Optional<String> unavailableReason();

  /**
   * Starts sampling every thread's CPU, one sample per {@code period} of a thread's CPU time,
   * into the JFR file {@code jfr}.
   *
   * @throws IOException naming the reason when the engine cannot start
   */
  Session start(Path jfr, Duration period) throws IOException;

  /** Sampling in progress. */
  interface Session {
    /** Stops sampling and completes the file given to {@link #start}. */
    void stop() throws IOException;
  }

  /** The first installed engine that can run here. */
  static Optional<CpuEngine> installed() {
    for (CpuEngine e : ServiceLoader.load(CpuEngine.class)) {
      if (e.unavailableReason().isEmpty()) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
