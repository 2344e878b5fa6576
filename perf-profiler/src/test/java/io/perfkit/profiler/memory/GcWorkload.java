package io.perfkit.profiler.memory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;

/**
 * Run in a JVM of its own, with the collector under test: churns garbage, keeps a little, calls
 * {@code System.gc()} twice, and dumps a recording of the GC events to {@code args[0]}.
 */
public final class GcWorkload {

  static volatile Object sink;

  private GcWorkload() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 1 && args[1].equals("allocate")) {
      allocate(Path.of(args[0]));
      return;
    }
    try (Recording r = new Recording()) {
      for (String e : new String[] {"jdk.GarbageCollection", "jdk.GCPhasePause", "jdk.GCHeapSummary", "jdk.G1HeapSummary",
          "jdk.SafepointBegin", "jdk.SafepointEnd", "jdk.GCConfiguration", "jdk.GCHeapConfiguration"}) {
        r.enable(e).withThreshold(java.time.Duration.ZERO);
      }
      r.start();
      List<byte[]> kept = new ArrayList<>();
      for (int i = 0; i < 60_000; i++) {
        sink = new byte[4096];
        if (i % 20 == 0) {
          kept.add(new byte[512]);
        }
      }
      System.gc();
      for (int i = 0; i < 20_000; i++) {
        sink = new byte[4096];
      }
      System.gc();
      Thread.sleep(300);  // lets a concurrent cycle started by the second call finish
      sink = kept;
      r.stop();
      r.dump(Path.of(args[0]));
    }
  }

  /** About 1 GB/s: 10 MB in small arrays, then the rest of each 10 ms slice spent waiting. */
  static void allocateAtAboutOneGigabytePerSecond(int slices) {
    long t0 = System.nanoTime();
    for (int slice = 0; slice < slices; slice++) {
      long sliceEnd = t0 + (slice + 1) * 10_000_000L;
      for (int i = 0; i < 10_000; i++) {
        sink = new byte[1000];
      }
      while (System.nanoTime() < sliceEnd) {
        Thread.onSpinWait();
      }
    }
  }

  /**
   * Records 3 s of allocation at about 1 GB/s after a warm-up, and prints the bytes this thread
   * allocated and the nanoseconds it took, the truth the report is held to.
   */
  private static void allocate(Path out) throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    allocateAtAboutOneGigabytePerSecond(100);  // compiled first, so the rate is even over the recording
    try (Recording r = new Recording()) {
      for (String e : new String[] {"jdk.GarbageCollection", "jdk.GCPhasePause", "jdk.GCHeapSummary", "jdk.G1HeapSummary"}) {
        r.enable(e).withThreshold(java.time.Duration.ZERO);
      }
      r.start();
      long bytes0 = threads.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      allocateAtAboutOneGigabytePerSecond(300);
      long nanos = System.nanoTime() - t0;
      long bytes = threads.getCurrentThreadAllocatedBytes() - bytes0;
      r.stop();
      r.dump(out);
      System.out.println(bytes + " " + nanos);
    }
  }
}
