package com.example.perfkit;

import io.perfkit.api.Labels;
import io.perfkit.api.alert.JvmThresholds;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.monitor.alert.AlertEvent;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.health.JvmHealthRules;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.profiler.memory.ClassHistogram;
import io.perfkit.profiler.memory.GcReport;
import io.perfkit.profiler.trigger.AlertCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The README's memory example: a GC report, the classes that grew, and the JVM health rules with
 * the profiles they capture. Needs perf-monitor, perf-profiler and perf-storage-file.
 */
public final class MemoryExample {

  /** What the leak keeps. */
  public static final List<long[]> KEPT = new ArrayList<>();

  private MemoryExample() {}

  /** A leak: 20,000 arrays kept for good. */
  static void leakSome() {
    for (int i = 0; i < 20_000; i++) {
      KEPT.add(new long[16]);
    }
  }

  /** Runs the example on {@code recording}, adding the health rules to {@code alerts}. */
  public static void run(Path recording, AlertManager alerts, Profiler profiler, ProfileCollector collector) throws Exception {
    // readme:memory
    JvmThresholds thresholds = JvmThresholds.builder().heapAfterGc(0.9).build();  // one set for rules and reports
    GcReport gc = GcReport.read(recording, null, null, thresholds);  // a capture, a continuous-recorder snapshot, a stored profile
    System.out.print(gc.text());                                // pauses, overhead, allocation rate, heap after GC, findings
    ClassHistogram before = ClassHistogram.capture();           // live objects by class; runs a full GC
    leakSome();
    ClassHistogram.Diff grew = ClassHistogram.diff(before, ClassHistogram.capture());
    System.out.print(grew.report(5));                           // the classes that grew, in instances and bytes
    alerts.addRules(JvmHealthRules.of(thresholds));             // the shipped JVM health rules, judging by the same
    AlertCaptures captures = AlertCaptures.builder(profiler, collector::submit).build();
    alerts.addListener(e -> {
      if (e.kind() == AlertEvent.Kind.FIRING) {
        captures.fired(e.rule(), e.labels());                   // a heap, allocation or thread_dump profile, as the rule says
      }
    });
    // end
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("memory");
    try (Profiler profiler = Profiler.builder().workDir(dir.resolve("captures")).build();
        ProfileStorage storage = ProfileStorages.open("file:" + dir.resolve("perf-data"));
        ProfileCollector collector = ProfileCollector.builder(storage).build();
        AlertManager alerts = AlertManager.builder().build()) {
      var capture = profiler.capture(ProfileType.ALLOCATION, Duration.ofMillis(500), Labels.empty());
      System.gc();
      run(capture.get(30, TimeUnit.SECONDS).file(), alerts, profiler, collector);
    } finally {
      KEPT.clear();
    }
  }
}
