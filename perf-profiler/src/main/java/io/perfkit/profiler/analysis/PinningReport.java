package io.perfkit.profiler.analysis;

import io.perfkit.api.Arguments;
import io.perfkit.api.Units;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where virtual threads were pinned to their carrier: JFR's {@code jdk.VirtualThreadPinned}
 * (JDK 21 and later) grouped by the application method that blocked while pinned, with the
 * reason the JDK gives (JDK 24 and later: a class initializer or a native frame on the stack; on
 * JDK 21 to 23 also a {@code synchronized} block, which it does not name), the operation that
 * blocked, the count, the total and the longest time. A pinned virtual thread holds its carrier,
 * so a few of them blocking on I/O stop a virtual-thread server from scaling; the report says
 * where. Also counts {@code jdk.VirtualThreadSubmitFailed}: virtual threads the scheduler could
 * not start. A recording of an older JDK has neither event and yields an empty report.
 */
public final class PinningReport {

  /** Sites kept while reading; events on more are counted under "other". */
  public static final int MAX_SITES = 10_000;

  /**
   * One place virtual threads were pinned.
   *
   * @param site the first method outside the platform on the pinned thread's stack (or its top
   *     frame when all are the platform's)
   * @param reason why the JDK pinned it, or empty where the JDK does not say
   * @param blockingOperation what blocked while pinned ({@code Thread.sleep}, a park), or empty
   */
  public record Site(String site, String reason, String blockingOperation, long count, Duration total, Duration longest) {}

  private final List<Site> sites;
  private final long pinned;
  private final Duration pinnedTime;
  private final long submitFailures;

  private PinningReport(List<Site> sites, long pinned, Duration pinnedTime, long submitFailures) {
    this.sites = sites;
    this.pinned = pinned;
    this.pinnedTime = pinnedTime;
    this.submitFailures = submitFailures;
  }

  /** Every pinning of the recording, the top 10 sites. */
  public static PinningReport read(Path jfr) throws IOException {
    return read(jfr, e -> true, 10);
  }

  /**
   * The pinnings {@code filter} keeps, the top {@code top} sites by total pinned time.
   *
   * @param top 1 to 1000
   */
  public static PinningReport read(Path jfr, Predicate<RecordedEvent> filter, int top) throws IOException {
    Objects.requireNonNull(filter, "filter");
    Arguments.between("top", top, 1, 1000);
    Map<List<String>, long[]> bySite = new HashMap<>();  // key: site, reason, operation; value: count, total, max
    long pinned = 0;
    long nanos = 0;
    long failures = 0;
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        String kind = e.getEventType().getName();
        if (kind.equals("jdk.VirtualThreadSubmitFailed")) {
          failures += filter.test(e) ? 1 : 0;
          continue;
        }
        if (!kind.equals("jdk.VirtualThreadPinned") || !filter.test(e)) {
          continue;
        }
        long d = Math.max(0, e.getDuration().toNanos());
        pinned++;
        nanos += d;
        String where = FrameNames.site(e);
        List<String> key = List.of(where.isEmpty() ? "(no stack)" : where, text(e, "pinnedReason"), text(e, "blockingOperation"));
        long[] acc = bySite.get(key);
        if (acc == null) {
          key = bySite.size() < MAX_SITES ? key : List.of("other", "", "");
          acc = bySite.computeIfAbsent(key, k -> new long[3]);
        }
        acc[0]++;
        acc[1] += d;
        acc[2] = Math.max(acc[2], d);
      }
    }
    List<Site> all = new ArrayList<>();
    bySite.forEach((k, v) -> all.add(new Site(k.get(0), k.get(1), k.get(2), v[0], Duration.ofNanos(v[1]), Duration.ofNanos(v[2]))));
    all.sort(Comparator.comparing(Site::total).reversed().thenComparing(Site::site));
    return new PinningReport(List.copyOf(all.subList(0, Math.min(top, all.size()))), pinned, Duration.ofNanos(nanos), failures);
  }

  private static String text(RecordedEvent e, String field) {
    if (!e.hasField(field)) {
      return "";
    }
    Object v = e.getValue(field);
    return v == null ? "" : v.toString();
  }

  /** The sites, most pinned time first. */
  public List<Site> sites() {
    return sites;
  }

  /** Pinnings recorded (those past the recording's threshold: 20 ms unless set otherwise). */
  public long pinned() {
    return pinned;
  }

  public Duration pinnedTime() {
    return pinnedTime;
  }

  /** Virtual threads the scheduler could not start. */
  public long submitFailures() {
    return submitFailures;
  }

  /** The report as JSON-ready maps and lists, in seconds. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("pinned", pinned);
    m.put("pinnedSeconds", pinnedTime.toNanos() / 1e9);
    m.put("submitFailures", submitFailures);
    List<Object> out = new ArrayList<>();
    for (Site s : sites) {
      Map<String, Object> j = new java.util.LinkedHashMap<>();
      j.put("site", s.site());
      j.put("reason", s.reason());
      j.put("blockingOperation", s.blockingOperation());
      j.put("count", s.count());
      j.put("seconds", s.total().toNanos() / 1e9);
      j.put("longestSeconds", s.longest().toNanos() / 1e9);
      out.add(j);
    }
    m.put("sites", out);
    return m;
  }

  /** The report for people. */
  public String text() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Virtual threads pinned: %d times, %s in all; %d failed to start%n",
        pinned, Units.duration(pinnedTime), submitFailures));
    for (Site s : sites) {
      sb.append(String.format(Locale.ROOT, "  %9s %6d  longest %9s  %s%s%s%n", Units.duration(s.total()), s.count(),
          Units.duration(s.longest()), s.site(), s.blockingOperation().isEmpty() ? "" : "  blocked in " + s.blockingOperation(),
          s.reason().isEmpty() ? "" : "  (" + s.reason() + ")"));
    }
    return sb.toString();
  }
}
