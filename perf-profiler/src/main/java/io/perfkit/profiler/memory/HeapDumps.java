package io.perfkit.profiler.memory;

import io.perfkit.api.Arguments;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Heap dumps ({@code .hprof}, for Eclipse MAT, VisualVM or JDK Mission Control) through the
 * JVM's {@link HotSpotDiagnosticMXBean}, with guards: one dump at a time, and none when the heap
 * in use is above a size limit or the dump's directory has less free space than the heap in use.
 *
 * <p><b>A heap dump stops the JVM</b> while it writes: every application thread waits, for
 * roughly a second per gigabyte of heap (a {@code live} dump also runs a full collection first).
 * Take one when a {@link ClassHistogram} diff and the {@link OldObjects} are not enough.
 * Thread-safe.
 */
public final class HeapDumps {

  private final long maxHeapUsed;
  private final AtomicBoolean dumping = new AtomicBoolean();

  /** Dumps only while the heap in use is at most {@code maxHeapUsedBytes}. */
  public HeapDumps(long maxHeapUsedBytes) {
    this.maxHeapUsed = Arguments.positive("heap dump size limit", maxHeapUsedBytes);
  }

  /** The size limit, bytes of heap in use. */
  public long maxHeapUsed() {
    return maxHeapUsed;
  }

  /**
   * Writes a heap dump to {@code file}, which must not exist yet.
   *
   * @param live dump only reachable objects (runs a full collection first)
   * @throws IllegalStateException when another dump is running, or the heap is over the limit
   *     or would not fit on the disk; the message gives the numbers
   * @throws IOException when the JVM cannot write the dump
   */
  public Path dump(Path file, boolean live) throws IOException {
    Objects.requireNonNull(file, "file");
    if (Files.exists(file)) {
      throw new IllegalArgumentException("heap dump file " + file + " exists already");
    }
    if (!dumping.compareAndSet(false, true)) {
      throw new IllegalStateException("a heap dump is being written already; one at a time");
    }
    try {
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      if (heap.getUsed() > maxHeapUsed) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "heap in use is %s, above the dump limit of %s; a dump would pause the JVM too long",
            GcUnits.bytes(heap.getUsed()), GcUnits.bytes(maxHeapUsed)));
      }
      Path dir = file.toAbsolutePath().getParent();
      long free = Files.getFileStore(dir).getUsableSpace();
      if (free < heap.getUsed()) {
        throw new IllegalStateException(String.format(Locale.ROOT, "%s has %s free, less than the %s of heap in use",
            dir, GcUnits.bytes(free), GcUnits.bytes(heap.getUsed())));
      }
      HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      bean.dumpHeap(file.toString(), live);
      return file;
    } finally {
      dumping.set(false);
    }
  }
}
