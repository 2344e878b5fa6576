package io.perfkit.profiler.groundtruth;

import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.capture.CpuEngine;
import io.perfkit.profiler.internal.JfrSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import jdk.jfr.Recording;

/**
 * A child JVM's workload whose true CPU shares are known: one thread per kind of code, each
 * spending all its time in one method of this class, so each thread's CPU time is its kind's
 * truth. Records a CPU profile while they run (with Perfkit's JFR settings, or with the
 * installed {@link CpuEngine} when the system property {@code groundtruth.recorder} is
 * {@code engine}), then prints {@code truth KIND CPU_NANOS} per kind.
 *
 * <p>Arguments: the recording to write, the seconds to record, then the kinds. The JVM is
 * started with {@code -XX:CompileCommand=dontinline} for {@link #tiny} ({@link GroundTruth#run}
 * does).
 */
public final class GroundTruthWorkload {

  public static volatile long sink;
  private static final byte[] DATA = new byte[64 * 1024];
  private static final byte[] COPY = new byte[64 * 1024];

  private GroundTruthWorkload() {}

  /** The kinds of code, each a method of this class that loops until the JVM exits. */
  public static final List<String> KINDS = List.of("arithmetic", "mathLog", "arraycopy", "crc32", "deflate", "callLoop", "allocation");

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int seconds = Integer.parseInt(args[1]);
    Map<String, Thread> workers = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      String kind = args[i];
      Runnable body = body(kind);
      Thread t = new Thread(body, "kind-" + kind + "-" + i);  // the thread's name starts with kind-KIND
      t.setDaemon(true);
      workers.put(kind + "#" + i, t);
    }
    for (int i = 0; i < DATA.length; i++) {
      DATA[i] = (byte) (i * 31 + (i >> 7));
    }
    workers.values().forEach(Thread::start);
    Thread.sleep(2000);  // compiled, steady
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> before = new LinkedHashMap<>();
    workers.forEach((k, t) -> before.put(k, mx.getThreadCpuTime(t.getId())));
    Map<String, Long> used = new LinkedHashMap<>();
    if ("engine".equals(System.getProperty("groundtruth.recorder"))) {
      CpuEngine engine = CpuEngine.installed().orElseThrow(() -> new IllegalStateException("no CPU engine can run here"));
      CpuEngine.Session s = engine.start(out, java.time.Duration.ofMillis(10));
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      s.stop();
      workers.forEach((k, t) -> used.put(k, mx.getThreadCpuTime(t.getId()) - before.get(k)));
    } else {
      try (Recording r = new Recording(JfrSettings.forType(ProfileType.CPU, JfrSettings.Tuning.ON_DEMAND))) {
        r.start();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        r.stop();
        workers.forEach((k, t) -> used.put(k, mx.getThreadCpuTime(t.getId()) - before.get(k)));
        r.dump(out);
      }
    }
    Map<String, Long> byKind = new LinkedHashMap<>();
    used.forEach((k, ns) -> byKind.merge(k.substring(0, k.indexOf('#')), ns, Long::sum));
    byKind.forEach((kind, ns) -> System.out.println("truth " + kind + " " + ns));
    System.out.flush();
  }

  private static Runnable body(String kind) {
    switch (kind) {
      case "arithmetic": return GroundTruthWorkload::arithmetic;
      case "mathLog": return GroundTruthWorkload::mathLog;
      case "arraycopy": return GroundTruthWorkload::arraycopy;
      case "crc32": return GroundTruthWorkload::crc32;
      case "deflate": return GroundTruthWorkload::deflate;
      case "callLoop": return GroundTruthWorkload::callLoop;
      case "allocation": return GroundTruthWorkload::allocation;
      default: throw new IllegalArgumentException("unknown kind " + kind);
    }
  }

  static void arithmetic() {
    long x = 1;
    while (true) {
      for (int i = 0; i < 1_000_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L ^ (x >>> 17);
      }
      sink = x;
    }
  }

  static void mathLog() {
    double x = 1;
    while (true) {
      for (int i = 1; i < 100_000; i++) {
        x += Math.log(i + x * 1e-9) + Math.sqrt(i);
      }
      sink = (long) x;
    }
  }

  static void arraycopy() {
    while (true) {
      for (int i = 0; i < 1000; i++) {
        System.arraycopy(DATA, 0, COPY, 0, DATA.length);
      }
      sink = COPY[7];
    }
  }

  static void crc32() {
    CRC32 crc = new CRC32();
    while (true) {
      for (int i = 0; i < 1000; i++) {
        crc.update(DATA, 0, DATA.length);
      }
      sink = crc.getValue();
    }
  }

  static void deflate() {
    Deflater d = new Deflater(6);
    byte[] buf = new byte[DATA.length + 1024];
    while (true) {
      d.reset();
      d.setInput(DATA);
      d.finish();
      int n = 0;
      while (!d.finished()) {
        n += d.deflate(buf);
      }
      sink = n;
    }
  }

  /** A loop calling {@link #tiny}, which the child JVM is told never to inline. */
  static void callLoop() {
    long x = 0;
    while (true) {
      for (int i = 0; i < 1_000_000; i++) {
        x = tiny(x, i);
      }
      sink = x;
    }
  }

  static long tiny(long x, int i) {
    return x * 31 + i;
  }

  static void allocation() {
    List<byte[]> keep = new ArrayList<>();
    while (true) {
      for (int i = 0; i < 10_000; i++) {
        keep.add(new byte[256]);
        if (keep.size() > 1000) {
          keep.clear();
        }
      }
      sink = keep.size();
    }
  }

}
