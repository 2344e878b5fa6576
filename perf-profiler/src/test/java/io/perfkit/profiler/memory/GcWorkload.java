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
}
