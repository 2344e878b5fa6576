package io.perfkit.examples;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.LockContention;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The seed's pprof demo: CPU, allocation, lock and thread-dump profiles of small workloads. */
final class ProfilingProgram implements ExampleProgram {

  static volatile double sink;
  static volatile Object retained;

  @Override
  public String name() {
    return "profiling";
  }

  @Override
  public String summary() {
    return "CPU, allocation, lock and thread-dump profiles of small workloads, summarized";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: java -jar perf-examples.jar profiling [--duration S] [--out DIR]",
        "",
        "Runs a CPU-bound, an allocating and a lock-contending workload, captures a JFR",
        "profile of each with Perfkit's Profiler, takes a thread dump, writes them to files",
        "and prints the top methods of each. Open the .jfr files with `jfr print` or JMC.",
        "",
        "  --duration S  length of each capture (default 2)",
        "  --out DIR     where to write the files (default: a new temporary directory)");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("--duration", "--out"), Set.of());
    int seconds = a.integer("--duration", 2, 1, 300);
    Path dir = a.flag("--out") ? Files.createDirectories(Path.of(a.string("--out", ""))) : Files.createTempDirectory("perfkit-profiling");
    Duration d = Duration.ofSeconds(seconds);
    try (Profiler profiler = Profiler.builder().workDir(dir).build()) {
      summarize(out, capture(profiler, ProfileType.CPU, d, () -> cpuWork(seconds * 1000L + 500)));
      summarize(out, capture(profiler, ProfileType.ALLOCATION, d, () -> allocationWork(seconds * 1000L + 500)));
      summarize(out, capture(profiler, ProfileType.LOCK, d, () -> lockWork(seconds * 1000L + 500)));
      CaptureResult dump = profiler.threadDump(Labels.of("example", "profiling"));
      long threads = Files.readAllLines(dump.file()).stream().filter(l -> l.startsWith("\"")).count();
      out.printf("thread dump: %d threads -> %s%n", threads, dump.file());
    }
    return 0;
  }

  private static CaptureResult capture(Profiler profiler, ProfileType type, Duration d, Runnable work) throws Exception {
    Thread worker = new Thread(work, type.wireName() + "-workload");
    worker.start();
    if (type == ProfileType.LOCK) {
      Thread second = new Thread(work, "lock-workload-2");
      second.start();
      CaptureResult r = profiler.capture(type, d, Labels.of("example", "profiling")).get(d.toSeconds() + 30, TimeUnit.SECONDS);
      worker.join();
      second.join();
      return r;
    }
    CaptureResult r = profiler.capture(type, d, Labels.of("example", "profiling")).get(d.toSeconds() + 30, TimeUnit.SECONDS);
    worker.join();
    return r;
  }

  private static void summarize(PrintStream out, CaptureResult r) throws Exception {
    ProfileType type = r.metadata().type();
    StackProfile p = StackProfile.read(r.file(), type);
    out.printf("%s profile: %d events, %s in all -> %s%n", type.wireName(), p.events(), p.format(p.totalWeight()), r.file());
    for (MethodStat s : type == ProfileType.CPU ? p.topSelf(5) : p.topSites(5)) {
      out.printf(Locale.ROOT, "  %5.1f%%  %-14s %s%n", s.selfPercent(), p.format(s.self()), s.method());
    }
    if (type == ProfileType.LOCK) {
      out.println("  most contended: " + LockContention.topMonitors(r.file(), 3));
    }
  }

  static void cpuWork(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    double x = 1;
    while (System.nanoTime() < end) {
      x = fibonacciish(x);
    }
    sink = x;
  }

  private static double fibonacciish(double x) {
    double a = x;
    double b = 1;
    // No Math.sqrt here: on JDK 17 Flight Recorder drops most samples taken inside a compiled
    // loop around it (5 to 25 of 100 a second, sometimes none), so the profile came out empty.
    for (int i = 0; i < 5000; i++) {
      double c = a + b;
      a = b;
      b = c * 0.5 + 1e-3;
    }
    return b;
  }

  static void allocationWork(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    List<String> strings = new ArrayList<>();
    while (System.nanoTime() < end) {
      strings.add("item-" + strings.size() + "-" + System.nanoTime());
      if (strings.size() > 10_000) {
        retained = strings;
        strings = new ArrayList<>();
      }
    }
  }

  private static final Object SHARED = new Object();

  static void lockWork(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      synchronized (SHARED) {
        LockSupport.parkNanos(20_000_000);
      }
    }
  }
}
