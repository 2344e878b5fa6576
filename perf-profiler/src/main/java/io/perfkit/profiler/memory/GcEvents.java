package io.perfkit.profiler.memory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordingFile;

/**
 * The GC events of one recording's window, as read, before anything is computed from them: the
 * collections by id with their heap before and after, the pauses, the safepoints, the heap's
 * size and configuration, and the allocation samples that may be humongous. One pass over the
 * file; what {@link GcStatistics} makes of it is its own business.
 */
final class GcEvents {

  /** A TLAB-less allocation this large may be humongous: half the smallest G1 region. */
  private static final long HUMONGOUS_CANDIDATE = 512 * 1024;
  private static final int MAX_HUMONGOUS_SAMPLES = 10_000;

  /** What the events say about one collection. */
  static final class Collection {
    final long id;
    String name = "unknown";
    String cause = "unknown";
    Instant start;
    Duration duration = Duration.ZERO;
    Duration sumOfPauses = Duration.ZERO;
    long before = -1;
    Instant beforeTime;
    long after = -1;
    Instant afterTime;

    Collection(long id) {
      this.id = id;
    }
  }

  /** One {@code jdk.GCPhasePause}, before it is joined to its collection. */
  record RecordedPause(long gcId, Instant start, Duration duration, String phase) {}

  final Instant from;
  final Instant to;
  Instant first;
  Instant last;
  final Map<Long, Collection> byId = new HashMap<>();
  final List<RecordedPause> pauses = new ArrayList<>();
  private final Map<Long, Instant> safepointBegin = new HashMap<>();
  long safepoints;
  long safepointNanos;
  long syncNanos;
  long maxHeap;
  long containerMemoryLimit;
  long regionSize;
  private long committed;
  long humongousRegions;
  double sampledBytes;
  final List<RecordedEvent> bigSamples = new ArrayList<>();
  String youngCollector;
  String oldCollector;

  private GcEvents(Instant from, Instant to) {
    this.from = from;
    this.to = to;
  }

  /**
   * Reads the events of {@code jfr} that start between {@code from} and {@code to} (either may
   * be null: the recording's own start or end).
   */
  static GcEvents read(Path jfr, Instant from, Instant to) throws IOException {
    GcEvents r = new GcEvents(from, to);
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        r.accept(rf.readEvent());
      }
    }
    return r;
  }

  private void accept(RecordedEvent e) {
    // Events are kept by their start, and the window is spanned by starts, so most events cost
    // one timestamp read on top of the parse.
    Instant start = e.getStartTime();
    if ((from != null && start.isBefore(from)) || (to != null && start.isAfter(to))) {
      return;
    }
    if (first == null || start.isBefore(first)) {
      first = start;
    }
    if (last == null || start.isAfter(last)) {
      last = start;
    }
    switch (e.getEventType().getName()) {
      case "jdk.GarbageCollection": {
        Collection c = collection(e.getLong("gcId"));
        c.name = e.getString("name");
        c.cause = e.getString("cause");
        c.start = start;
        c.duration = e.getDuration();
        c.sumOfPauses = e.getDuration("sumOfPauses");
        break;
      }
      case "jdk.GCPhasePause":
        pauses.add(new RecordedPause(e.getLong("gcId"), start, e.getDuration(), e.getString("name")));
        break;
      case "jdk.GCHeapSummary": {
        Collection c = collection(e.getLong("gcId"));
        long used = e.getLong("heapUsed");
        RecordedObject space = e.getValue("heapSpace");
        if (space != null) {
          committed = space.getLong("committedSize");
          maxHeap = Math.max(maxHeap, space.getLong("reservedSize"));
        }
        if ("Before GC".equals(e.getString("when"))) {
          c.before = used;
          c.beforeTime = start;
        } else {
          c.after = used;
          c.afterTime = start;
        }
        break;
      }
      case "jdk.G1HeapSummary": {
        int regions = e.getInt("numberOfRegions");
        if (regions > 0 && committed > 0) {
          regionSize = Long.highestOneBit(committed / regions);
        }
        break;
      }
      case "jdk.GCHeapConfiguration":
        maxHeap = Math.max(maxHeap, e.getLong("maxSize"));
        break;
      case "jdk.ContainerConfiguration":
        // -1 (or a huge number on cgroup v1) when the container sets none
        long limit = e.getLong("memoryLimit");
        containerMemoryLimit = limit > 0 && limit < Long.MAX_VALUE / 2 ? limit : containerMemoryLimit;
        break;
      case "jdk.GCConfiguration":
        youngCollector = e.getString("youngCollector");
        oldCollector = e.getString("oldCollector");
        break;
      case "jdk.SafepointBegin":
        safepointBegin.put(e.getLong("safepointId"), start);
        syncNanos += e.getDuration().toNanos();
        safepoints++;
        break;
      case "jdk.SafepointEnd": {
        Instant began = safepointBegin.remove(e.getLong("safepointId"));
        if (began != null) {
          safepointNanos += Duration.between(began, e.getEndTime()).toNanos();
        }
        break;
      }
      case "jdk.G1HeapRegionTypeChange":
        if ("Starts Humongous".equals(e.getString("to"))) {
          humongousRegions++;
        }
        break;
      case "jdk.ObjectAllocationSample":
        sampledBytes += e.getLong("weight");
        break;
      case "jdk.ObjectAllocationOutsideTLAB":
        if (e.getLong("allocationSize") >= HUMONGOUS_CANDIDATE && bigSamples.size() < MAX_HUMONGOUS_SAMPLES) {
          bigSamples.add(e);
        }
        break;
      default:
        break;
    }
  }

  /** The collection {@code id}, made empty when no event named it yet. */
  Collection collection(long id) {
    return byId.computeIfAbsent(id, Collection::new);
  }
}
