package io.perfkit.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * The label keys Perfkit itself puts on profiles, so that what one component writes another
 * reads by the same name: the request profiler writes a request's keys and the analysis reads
 * them to keep a snapshot to that request's thread and span; the collector writes the summary
 * keys and listings read them; every capture carries its trigger. Query and filter by these
 * ({@code ProfileQuery.builder().label(ProfileLabels.PATH, "/checkout")},
 * {@code /debug/profiles?label=path:/checkout}).
 *
 * <p>Every key is lower snake case, as OpenTelemetry and Prometheus write theirs
 * ({@code trace_id}, {@code duration_ms}, {@code top_1}). Profiles stored before the keys took one
 * case carry {@code durationMs}, {@code threadId}, {@code requestStart}, {@code requestEnd},
 * {@code cpuMs} and {@code top.1}–{@code top.3}; {@link #canonical(Labels)} reads them under the
 * new names, and every {@link io.perfkit.api.storage.ProfileMetadata} and query label passes
 * through it, so old and new profiles list, filter and compare alike without rewriting a byte.
 */
public final class ProfileLabels {

  private ProfileLabels() {}

  /** What started the capture: {@code on-demand}, {@code http}, {@code slow}, {@code very-slow}, a watchdog check, an alert. */
  public static final String TRIGGER = "trigger";
  /** The alert rule whose firing started the capture. */
  public static final String ALERT = "alert";
  /** The OpenTelemetry trace the request belonged to (32 hex digits), when the application has OpenTelemetry. */
  public static final String TRACE_ID = "trace_id";
  /** The OpenTelemetry span current when the request began (16 hex digits). */
  public static final String SPAN_ID = "span_id";
  /** The service the profiling JVM belongs to; see {@link ServiceInstance}. */
  public static final String SERVICE = "service";
  /** The instance (host, pod) that took the profile; see {@link ServiceInstance}. */
  public static final String INSTANCE = "instance";
  /** On an alert rule: the profile type to capture when it fires ({@code cpu}, {@code heap}, …). */
  public static final String PROFILE = "profile";

  /** A request's path, as the server saw it (clipped to the label length limit). */
  public static final String PATH = "path";
  /** A request's HTTP method. */
  public static final String METHOD = "method";
  /** A request's response status. */
  public static final String STATUS = "status";
  /** A request's duration in whole milliseconds. */
  public static final String DURATION_MS = "duration_ms";
  /** The name of the thread that served the request. */
  public static final String THREAD = "thread";
  /** The id of the thread that served the request; with the two instants, what a request filter keeps. */
  public static final String THREAD_ID = "thread_id";
  /** When the request started, an ISO-8601 instant. */
  public static final String REQUEST_START = "request_start";
  /** When the request ended, an ISO-8601 instant. */
  public static final String REQUEST_END = "request_end";
  /** A request's thread CPU time during the request, milliseconds, when the request profiler measures it. */
  public static final String CPU_MS = "cpu_ms";
  /**
   * How long a container's CPU quota held the process back during a request, milliseconds, summed
   * over the CPUs its threads waited on as the kernel counts it, when the request profiler reads
   * the container's throttling ({@link CpuThrottling}).
   */
  public static final String CPU_THROTTLED_MS = "cpu_throttled_ms";
  /**
   * The collector's summary of a request's snapshot: how long the request's thread waited on files
   * and sockets, milliseconds, counting the waits the recording kept (those over its I/O
   * threshold).
   */
  public static final String IO_WAIT_MS = "io_wait_ms";
  /**
   * The collector's summary of a request's snapshot: the file path or remote {@code host:port}
   * the request waited on longest.
   */
  public static final String IO_TARGET = "io_target";
  /**
   * What made a CPU profile's samples: {@code jfr} (the JDK's own sampler, its CPU profiles
   * checked against thread CPU time) or an installed engine's name ({@code async-profiler}).
   */
  public static final String ENGINE = "engine";
  /**
   * A CPU profile's coverage: the share of the CPU its threads used that the engine's own
   * samples account for, {@code 0.00} to {@code 1.00}; below {@code 0.80} the profile's totals
   * rest on Perfkit's correction by thread CPU time.
   */
  public static final String COVERAGE = "coverage";
  /**
   * How many samples a CPU or allocation profile's summary rests on (the request's own, for a
   * request's profile); below 50, its shares are uncertain by several percentage points.
   */
  public static final String SAMPLES = "samples";

  /**
   * The collector's summary: the {@code rank}-th hottest frame or site ({@code top_1},
   * {@code top_2}, {@code top_3}), as {@code package.Class.method}.
   *
   * @throws IllegalArgumentException when {@code rank} is below 1
   */
  public static String top(int rank) {
    Arguments.positive("summary rank", rank);
    return "top_" + rank;
  }

  /** The keys profiles were stored under before the one case, and their names now. */
  private static final Map<String, String> RENAMED = Map.of(
      "durationMs", DURATION_MS, "threadId", THREAD_ID, "requestStart", REQUEST_START,
      "requestEnd", REQUEST_END, "cpuMs", CPU_MS, "top.1", "top_1", "top.2", "top_2", "top.3", "top_3");

  /** {@code key}, or its present name when it is one of the keys renamed to snake case. */
  public static String canonicalKey(String key) {
    return RENAMED.getOrDefault(key, key);
  }

  /**
   * {@code labels} with every renamed key under its present name; the same instance when none
   * is (the common case, one map lookup per key). Where a profile carries both spellings, the
   * present one wins.
   */
  public static Labels canonical(Labels labels) {
    Map<String, String> map = labels.asMap();
    boolean renamed = false;
    for (String key : map.keySet()) {
      if (RENAMED.containsKey(key)) {
        renamed = true;
        break;
      }
    }
    if (!renamed) {
      return labels;
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      String key = RENAMED.get(e.getKey());
      if (key != null) {
        out.putIfAbsent(key, e.getValue());
      }
    }
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (!RENAMED.containsKey(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return Labels.from(out);
  }
}
