package io.perfkit.profiler.analysis;

import io.perfkit.api.Arguments;
import io.perfkit.api.Units;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a recording's threads waited on I/O, by target: each file (or its directory) and each
 * remote {@code host:port}, with the reads and writes, their bytes and the time they took, and
 * the application method that waited longest on it. Read from JFR's {@code jdk.FileRead},
 * {@code jdk.FileWrite}, {@code jdk.SocketRead} and {@code jdk.SocketWrite} events in one
 * streaming pass; sleeps ({@code jdk.ThreadSleep}) have no target and are counted apart.
 *
 * <p>JFR records only waits longer than the recording's threshold (1 ms for an on-demand IO
 * capture, 10 ms in the always-on recording; {@link #threshold()} says which was in force), so
 * the bytes and counts are those of the waits that mattered, not every read.
 *
 * <p>Bounded: at most {@value #MAX_TARGETS} distinct targets are kept while reading (waits on
 * more are charged to "other" and counted in {@link #unlistedWaits()}), and the report lists
 * the top {@code n} of each kind with the rest folded into one "other" row. Every name comes from
 * an event the JVM recorded, so a target appears only if the application touched it.
 */
public final class IoReport {

  /** Distinct targets kept while reading; events on more are charged to "other". */
  public static final int MAX_TARGETS = 10_000;

  /** The name of the row that holds every target outside the top. */
  public static final String OTHER = "other";

  private static final int MAX_SITES_PER_TARGET = 32;

  /** What a target is. */
  public enum Kind {
    FILE, SOCKET
  }

  /** How file targets are named: by path, or by the directory the file is in. */
  public enum Grouping {
    FILE, DIRECTORY;

    /** {@code file} or {@code directory}, case-insensitively. */
    public static Grouping parse(String s) {
      for (Grouping g : values()) {
        if (g.name().equalsIgnoreCase(s)) {
          return g;
        }
      }
      throw new IllegalArgumentException("grouping '" + s + "' is unknown; use file or directory");
    }
  }

  /**
   * One target's waits.
   *
   * @param name the path, the directory (ending in the separator), {@code host:port}, or
   *     {@value #OTHER}
   * @param targets how many targets the row holds: 1, or more for {@value #OTHER}
   * @param site the application method (the first frame outside the platform) that waited
   *     longest on it; empty when no stack was recorded
   */
  public record Target(Kind kind, String name, int targets, long reads, long readBytes, Duration readTime, long writes,
      long writtenBytes, Duration writeTime, Duration longest, String site) {

    /** Reads and writes. */
    public long count() {
      return reads + writes;
    }

    /** Time spent reading and writing. */
    public Duration time() {
      return readTime.plus(writeTime);
    }

    /** Bytes read and written. */
    public long bytes() {
      return readBytes + writtenBytes;
    }
  }

  private final Instant from;
  private final Instant to;
  private final Duration threshold;
  private final List<Target> files;
  private final List<Target> sockets;
  private final long sleeps;
  private final Duration sleepTime;
  private final long unlisted;

  private IoReport(Instant from, Instant to, Duration threshold, List<Target> files, List<Target> sockets, long sleeps,
      Duration sleepTime, long unlisted) {
    this.from = from;
    this.to = to;
    this.threshold = threshold;
    this.files = files;
    this.sockets = sockets;
    this.sleeps = sleeps;
    this.sleepTime = sleepTime;
    this.unlisted = unlisted;
  }

  /** Every I/O wait of the recording, files by path, the top 10 of each kind. */
  public static IoReport read(Path jfr) throws IOException {
    return read(jfr, e -> true, Grouping.FILE, 10);
  }

  /**
   * The I/O waits of the events {@code filter} keeps: {@link EventSelection#requestFilter} for
   * one request's, {@link EventSelection#during} for a time slice.
   *
   * @param top rows of each kind before the rest is folded into {@value #OTHER}, 1 to 1000
   */
  public static IoReport read(Path jfr, Predicate<RecordedEvent> filter, Grouping grouping, int top) throws IOException {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(grouping, "grouping");
    Arguments.between("top", top, 1, 1000);
    Map<Key, Acc> byTarget = new HashMap<>();
    Acc otherFiles = new Acc();
    Acc otherSockets = new Acc();
    Map<Long, String> typeNames = new HashMap<>();
    Duration threshold = null;
    Instant from = null;
    Instant to = null;
    long sleeps = 0;
    long sleepNanos = 0;
    long unlisted = 0;
    try (RecordingFile rf = new RecordingFile(jfr)) {
      for (EventType t : rf.readEventTypes()) {
        typeNames.put(t.getId(), t.getName());
      }
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        String kind = e.getEventType().getName();
        if (kind.equals("jdk.ActiveSetting")) {
          threshold = threshold(e, typeNames, threshold);
          continue;
        }
        boolean file = kind.equals("jdk.FileRead") || kind.equals("jdk.FileWrite");
        boolean socket = kind.equals("jdk.SocketRead") || kind.equals("jdk.SocketWrite");
        boolean sleep = kind.equals("jdk.ThreadSleep");
        if (!(file || socket || sleep) || !filter.test(e)) {
          continue;
        }
        from = from == null || e.getStartTime().isBefore(from) ? e.getStartTime() : from;
        to = to == null || e.getEndTime().isAfter(to) ? e.getEndTime() : to;
        long nanos = Math.max(0, e.getDuration().toNanos());
        if (sleep) {
          sleeps++;
          sleepNanos += nanos;
          continue;
        }
        Key key = file ? new Key(Kind.FILE, fileName(e, grouping)) : new Key(Kind.SOCKET, socketName(e));
        Acc acc = byTarget.get(key);
        if (acc == null) {
          if (byTarget.size() < MAX_TARGETS) {
            acc = new Acc();
            byTarget.put(key, acc);
          } else {
            acc = file ? otherFiles : otherSockets;
            unlisted++;
          }
        }
        boolean read = kind.endsWith("Read");
        long bytes = Math.max(0, e.hasField(read ? "bytesRead" : "bytesWritten") ? e.getLong(read ? "bytesRead" : "bytesWritten") : 0);
        acc.add(read, bytes, nanos, FrameNames.site(e));
      }
    }
    return new IoReport(from, to, threshold, rows(Kind.FILE, byTarget, otherFiles, top),
        rows(Kind.SOCKET, byTarget, otherSockets, top), sleeps, Duration.ofNanos(sleepNanos), unlisted);
  }

  /** The threshold an {@code jdk.ActiveSetting} event sets on a file or socket event, the largest seen. */
  private static Duration threshold(RecordedEvent e, Map<Long, String> typeNames, Duration seen) {
    if (!"threshold".equals(e.getString("name"))) {
      return seen;
    }
    String type = typeNames.get(e.getLong("id"));
    if (type == null || !(type.startsWith("jdk.File") || type.startsWith("jdk.Socket"))) {
      return seen;
    }
    Optional<Duration> d = EventSelection.parsePeriod(e.getString("value"));
    return d.isEmpty() || (seen != null && seen.compareTo(d.get()) >= 0) ? seen : d.get();
  }

  private static String fileName(RecordedEvent e, Grouping grouping) {
    String path = e.hasField("path") ? e.getString("path") : null;
    if (path == null || path.isEmpty()) {
      return "(no path)";
    }
    if (grouping == Grouping.FILE) {
      return path;
    }
    Path parent = Path.of(path).getParent();
    return parent == null ? path : parent + parent.getFileSystem().getSeparator();
  }

  private static String socketName(RecordedEvent e) {
    String host = e.hasField("host") ? e.getString("host") : null;
    String address = e.hasField("address") ? e.getString("address") : null;
    String name = host != null && !host.isEmpty() ? host : address != null && !address.isEmpty() ? address : "(unknown host)";
    int port = e.hasField("port") ? e.getInt("port") : -1;
    if (name.indexOf(':') >= 0) {
      name = "[" + name + "]";  // an IPv6 address
    }
    return port >= 0 ? name + ":" + port : name;
  }

  private static List<Target> rows(Kind kind, Map<Key, Acc> byTarget, Acc unlisted, int top) {
    List<Map.Entry<Key, Acc>> all = new ArrayList<>();
    for (Map.Entry<Key, Acc> entry : byTarget.entrySet()) {
      if (entry.getKey().kind == kind) {
        all.add(entry);
      }
    }
    all.sort(Comparator.<Map.Entry<Key, Acc>>comparingLong(x -> -x.getValue().nanos())
        .thenComparing(x -> x.getKey().name));
    List<Target> out = new ArrayList<>();
    Acc other = unlisted;
    int otherTargets = 0;
    for (int i = 0; i < all.size(); i++) {
      if (i < top) {
        out.add(all.get(i).getValue().target(kind, all.get(i).getKey().name, 1));
      } else {
        other.merge(all.get(i).getValue());
        otherTargets++;
      }
    }
    if (other.count() > 0) {
      out.add(other.target(kind, OTHER, otherTargets));
    }
    return List.copyOf(out);
  }

  /** The first and last wait's times; empty when the recording has none. */
  public Optional<Instant> from() {
    return Optional.ofNullable(from);
  }

  public Optional<Instant> to() {
    return Optional.ofNullable(to);
  }

  /**
   * The shortest wait the recording kept (the largest threshold any of its file or socket events
   * had), when the recording says.
   */
  public Optional<Duration> threshold() {
    return Optional.ofNullable(threshold);
  }

  /** Files (or directories), longest wait first, then {@value #OTHER} when there are more. */
  public List<Target> files() {
    return files;
  }

  /** Remote hosts and ports, longest wait first, then {@value #OTHER} when there are more. */
  public List<Target> sockets() {
    return sockets;
  }

  /** The row of one target, when it is listed. */
  public Optional<Target> target(Kind kind, String name) {
    return (kind == Kind.FILE ? files : sockets).stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Sleeps ({@code Thread.sleep}) recorded. */
  public long sleeps() {
    return sleeps;
  }

  public Duration sleepTime() {
    return sleepTime;
  }

  /**
   * Waits on targets beyond the first {@value #MAX_TARGETS}, charged straight to {@value #OTHER}
   * (whose {@code targets} count leaves those targets out).
   */
  public long unlistedWaits() {
    return unlisted;
  }

  /** Time waiting on files and sockets (sleeps excluded). */
  public Duration waitTime() {
    Duration d = Duration.ZERO;
    for (Target t : files) {
      d = d.plus(t.time());
    }
    for (Target t : sockets) {
      d = d.plus(t.time());
    }
    return d;
  }

  /** The target waited on longest, of either kind: what a request's summary names. */
  public Optional<Target> top() {
    return java.util.stream.Stream.concat(files.stream(), sockets.stream()).filter(t -> !t.name().equals(OTHER))
        .max(Comparator.comparing(Target::time));
  }

  /** The report as JSON-ready maps and lists, in base units (seconds, bytes). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", from == null ? null : from.toString());
    m.put("to", to == null ? null : to.toString());
    m.put("thresholdSeconds", threshold == null ? null : seconds(threshold));
    m.put("waitSeconds", seconds(waitTime()));
    m.put("files", json(files));
    m.put("sockets", json(sockets));
    m.put("sleeps", Map.of("count", sleeps, "seconds", seconds(sleepTime)));
    m.put("unlistedWaits", unlisted);
    return m;
  }

  private static List<Object> json(List<Target> rows) {
    List<Object> out = new ArrayList<>();
    for (Target t : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("target", t.name());
      m.put("targets", t.targets());
      m.put("seconds", seconds(t.time()));
      m.put("reads", t.reads());
      m.put("readBytes", t.readBytes());
      m.put("readSeconds", seconds(t.readTime()));
      m.put("writes", t.writes());
      m.put("writtenBytes", t.writtenBytes());
      m.put("writeSeconds", seconds(t.writeTime()));
      m.put("longestSeconds", seconds(t.longest()));
      m.put("site", t.site());
      out.add(m);
    }
    return out;
  }

  /** The report for people. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("I/O waits").append(threshold == null ? "" : " of at least " + Units.duration(threshold)).append(": ")
        .append(Units.duration(waitTime())).append(" on files and sockets");
    if (sleeps > 0) {
      sb.append(String.format(Locale.ROOT, ", %d sleeps for %s", sleeps, Units.duration(sleepTime)));
    }
    sb.append('\n');
    section(sb, "files", files);
    section(sb, "sockets", sockets);
    if (unlisted > 0) {
      sb.append(unlisted).append(" waits on targets past the first ").append(MAX_TARGETS).append(" are counted in 'other'\n");
    }
    return sb.toString();
  }

  private static void section(StringBuilder sb, String title, List<Target> rows) {
    if (rows.isEmpty()) {
      sb.append(title).append(": none\n");
      return;
    }
    sb.append(title).append(":\n");
    sb.append(String.format(Locale.ROOT, "  %9s %7s %10s %7s %10s %9s  %s%n", "wait", "reads", "read", "writes", "written",
        "longest", "target  (waited longest in)"));
    for (Target t : rows) {
      String name = t.name().equals(OTHER) ? OTHER + " (" + t.targets() + " targets)" : t.name();
      sb.append(String.format(Locale.ROOT, "  %9s %7d %10s %7d %10s %9s  %s%s%n", Units.duration(t.time()), t.reads(),
          Units.bytes(t.readBytes()), t.writes(), Units.bytes(t.writtenBytes()), Units.duration(t.longest()), name,
          t.site().isEmpty() ? "" : "  (" + t.site() + ")"));
    }
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private record Key(Kind kind, String name) {}

  /** One target's sums while reading. */
  private static final class Acc {
    long reads;
    long readBytes;
    long readNanos;
    long writes;
    long writtenBytes;
    long writeNanos;
    long longest;
    final Map<String, Long> sites = new HashMap<>();

    void add(boolean read, long bytes, long nanos, String site) {
      if (read) {
        reads++;
        readBytes += bytes;
        readNanos += nanos;
      } else {
        writes++;
        writtenBytes += bytes;
        writeNanos += nanos;
      }
      longest = Math.max(longest, nanos);
      if (!site.isEmpty() && (sites.size() < MAX_SITES_PER_TARGET || sites.containsKey(site))) {
        sites.merge(site, nanos, Long::sum);
      }
    }

    void merge(Acc o) {
      reads += o.reads;
      readBytes += o.readBytes;
      readNanos += o.readNanos;
      writes += o.writes;
      writtenBytes += o.writtenBytes;
      writeNanos += o.writeNanos;
      longest = Math.max(longest, o.longest);
      o.sites.forEach((s, n) -> {
        if (sites.size() < MAX_SITES_PER_TARGET || sites.containsKey(s)) {
          sites.merge(s, n, Long::sum);
        }
      });
    }

    long count() {
      return reads + writes;
    }

    long nanos() {
      return readNanos + writeNanos;
    }

    Target target(Kind kind, String name, int targets) {
      String site = sites.entrySet().stream()
          .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
          .map(Map.Entry::getKey).orElse("");
      return new Target(kind, name, targets, reads, readBytes, Duration.ofNanos(readNanos), writes, writtenBytes,
          Duration.ofNanos(writeNanos), Duration.ofNanos(longest), site);
    }
  }
}
