package io.perfkit.examples;

import io.perfkit.api.Labels;
import io.perfkit.api.alert.JvmThresholds;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.monitor.JvmMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertEvent;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.RulesFile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.memory.ClassHistogram;
import io.perfkit.profiler.memory.GcReport;
import io.perfkit.profiler.memory.OldObjects;
import io.perfkit.profiler.trigger.AlertCaptures;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The course's memory chapter: a service with a slow leak (an order cache nobody evicts) and an
 * allocation-heavy report endpoint, found the way one would in production.
 */
final class MemoryProgram implements ExampleProgram {

  /** What the leak keeps: every order ever looked at. */
  static final class CachedOrder {
    final long id;
    final long[] lines = new long[24];

    CachedOrder(long id) {
      this.id = id;
    }
  }

  static final Map<Long, CachedOrder> CACHE = new ConcurrentHashMap<>();
  static volatile Object sink;

  /** {@code GET /orders/{id}}: caches the order, and never evicts it. */
  static void cacheOrder(long id) {
    CACHE.computeIfAbsent(id, CachedOrder::new);
  }

  /** {@code GET /report}: builds a report of throwaway strings and arrays. */
  static int buildReport(int rows) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      sb.append(String.format(Locale.ROOT, "row %d: %s%n", i, new double[32].length));
    }
    sink = sb.toString();
    return sb.length();
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String summary() {
    return "a slow leak and an allocation-heavy endpoint: leak by class and site, GC report, the health rule that fired";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: java -jar perf-examples.jar memory [--duration S] [--out DIR]",
        "",
        "Runs a service with two handlers for S seconds: /orders/{id}, which caches",
        "every order it sees and never evicts (a slow leak), and /report, which allocates",
        "heavily. Meanwhile it records a HEAP profile. Then it prints the classes that",
        "grew between the recording's two class histograms, the leak's allocation site",
        "and path to a GC root from old-object samples, the GC report of the recording,",
        "and the shipped JvmAllocationRate health rule (its threshold lowered by a rules",
        "file) firing and capturing an allocation profile.",
        "",
        "  --duration S  how long the service runs (default 6, 3 to 120)",
        "  --out DIR     where to keep the recordings (default: a new temporary directory)");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("--duration", "--out"), Set.of());
    int seconds = a.integer("--duration", 6, 3, 120);
    Path dir = a.flag("--out") ? Files.createDirectories(Path.of(a.string("--out", "")))
        : Files.createTempDirectory("perfkit-memory");
    Hunt h = hunt(seconds, dir, out);
    if (h.growth() != null) {
      out.print(h.growth().report(5));
      out.println();
    }
    out.print(h.oldObjects().report(3));
    out.println();
    out.print(h.gc().text());
    out.println();
    out.println(h.alertProfile() == null ? "no health rule fired"
        : "captured " + h.alertProfile().metadata().type().wireName() + " profile for alert "
            + h.alertProfile().metadata().labels().get("alert").orElse("?") + ": " + h.alertProfile().file());
    out.println("recordings in " + dir);
    return 0;
  }

  /** What the hunt found: the histogram diff (null with fewer than two), old objects, GC report, the alert's profile. */
  record Hunt(ClassHistogram.Diff growth, OldObjects oldObjects, GcReport gc, CaptureResult alertProfile) {}

  /** Runs the service for {@code seconds} under a HEAP capture and the health rules; logs progress to {@code out}. */
  static Hunt hunt(int seconds, Path dir, PrintStream out) throws Exception {
    BlockingQueue<CaptureResult> alertProfiles = new LinkedBlockingQueue<>();
    try (Monitor monitor = Monitor.builder().tick(Duration.ofMillis(500)).build();
        JvmMetrics jvm = JvmMetrics.builder(monitor).build();
        Profiler profiler = Profiler.builder().workDir(dir).heapPathsToGcRoots(Duration.ofSeconds(10)).build();
        AlertManager alerts = AlertManager.builder().build()) {
      AlertCaptures captures = AlertCaptures.builder(profiler, alertProfiles::add).duration(Duration.ofSeconds(1)).build();
      // the shipped rules, with the allocation rate's threshold lowered for a short demo
      alerts.addInstalledRules().overrideRules(RulesFile.parse(String.join("\n",
          "alert JvmAllocationRate",
          "  expr value(jvm.memory.allocation.rate.bytes) > 50e6",
          "  for 1s",
          "  labels profile=allocation",
          "  message allocating {{value.human}}, above {{threshold.human}}"), "memory-demo.rules"));
      alerts.addListener(e -> {
        out.println("alert " + e.kind().name().toLowerCase(Locale.ROOT) + ": " + e.rule() + " (" + e.message() + ")");
        if (e.kind() == AlertEvent.Kind.FIRING) {
          captures.fired(e.rule(), e.labels()).ifPresent(t -> out.println("  capturing " + article(t.wireName()) + " profile"));
        }
      }).attach(monitor);
      monitor.start();

      out.println("running the service for " + seconds + " s while recording a HEAP profile…");
      CompletableFuture<CaptureResult> heap = profiler.capture(ProfileType.HEAP, Duration.ofSeconds(seconds), Labels.empty());
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) + 300_000_000L;
      long order = 0;
      while (System.nanoTime() < end) {
        cacheOrder(order++);
        if (order % 20 == 0) {
          buildReport(50);
        }
      }
      CaptureResult recording = heap.get(60, TimeUnit.SECONDS);
      out.println("served " + order + " orders; the cache holds " + CACHE.size());
      out.println();
      List<ClassHistogram> histograms = ClassHistogram.fromRecording(recording.file());
      ClassHistogram.Diff growth = histograms.size() < 2 ? null
          : ClassHistogram.diff(histograms.get(0), histograms.get(histograms.size() - 1));
      var m = recording.metadata();  // the file may hold whole chunks from before; the report keeps to the capture
      GcReport gc = GcReport.read(recording.file(), m.start(), m.start().plus(m.duration()), JvmThresholds.defaults());
      return new Hunt(growth, OldObjects.read(recording.file()), gc,
          alertProfiles.poll(20, TimeUnit.SECONDS));
    } finally {
      CACHE.clear();
    }
  }

  /** "a cpu", "an allocation". */
  static String article(String word) {
    return ("aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an " : "a ") + word;
  }
}
