package io.perfkit.profiler.async;

import io.perfkit.profiler.capture.CpuEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A child JVM whose true CPU shares are known: one thread per kind, named {@code kind-NAME},
 * each spending all its time in the method of that name, samples them with the installed CPU
 * engine and prints {@code truth NAME CPU_NANOS} per kind, from {@link ThreadMXBean}.
 *
 * <p>Arguments: the recording to write, the seconds to sample. The JVM is started with
 * {@code -XX:CompileCommand=dontinline} for {@link #callee}.
 */
public final class EngineWorkload {

  static volatile long sink;
  private static final byte[] SOURCE = new byte[64 * 1024];
  private static final byte[] TARGET = new byte[64 * 1024];

  private EngineWorkload() {}

  public static void main(String[] args) throws Exception {
    Map<String, Runnable> kinds = new LinkedHashMap<>();
    kinds.put("arraycopy", EngineWorkload::arraycopy);
    kinds.put("crc32", EngineWorkload::crc32);
    kinds.put("callLoop", EngineWorkload::callLoop);
    kinds.put("arithmetic", EngineWorkload::arithmetic);
    kinds.put("deflate", EngineWorkload::deflate);
    for (int i = 0; i < SOURCE.length; i++) {
      SOURCE[i] = (byte) (i * 31 + (i >> 9));
    }
    Map<String, Thread> threads = new LinkedHashMap<>();
    kinds.forEach((name, body) -> {
      Thread t = new Thread(body, "kind-" + name);
      t.setDaemon(true);
      threads.put(name, t);
    });
    threads.values().forEach(Thread::start);
    Thread.sleep(2000);  // compiled and steady before the window opens

    CpuEngine engine = CpuEngine.installed().orElseThrow(() -> new IllegalStateException("no CPU engine can run here"));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> before = new LinkedHashMap<>();
    threads.forEach((name, t) -> before.put(name, mx.getThreadCpuTime(t.getId())));
    CpuEngine.Session s = engine.start(Path.of(args[0]), Duration.ofMillis(10));
    Thread.sleep(Long.parseLong(args[1]) * 1000);
    s.stop();
    threads.forEach((name, t) -> System.out.println("truth " + name + " " + (mx.getThreadCpuTime(t.getId()) - before.get(name))));
  }

  static void arraycopy() {
    while (true) {
      for (int i = 0; i < 1000; i++) {
        System.arraycopy(SOURCE, 0, TARGET, 0, SOURCE.length);
      }
      sink = TARGET[11];
    }
  }

  static void crc32() {
    CRC32 crc = new CRC32();
    while (true) {
      for (int i = 0; i < 1000; i++) {
        crc.update(SOURCE, 0, SOURCE.length);
      }
      sink = crc.getValue();
    }
  }

  static void callLoop() {
    long x = 0;
    while (true) {
      for (int i = 0; i < 1_000_000; i++) {
        x = callee(x, i);
      }
      sink = x;
    }
  }

  /** Never inlined in the child JVM: a call loop's self time belongs here. */
  static long callee(long x, int i) {
    return x * 31 + i;
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

  static void deflate() {
    Deflater d = new Deflater(6);
    byte[] out = new byte[SOURCE.length + 1024];
    while (true) {
      d.reset();
      d.setInput(SOURCE);
      d.finish();
      int n = 0;
      while (!d.finished()) {
        n += d.deflate(out);
      }
      sink = n;
    }
  }
}
