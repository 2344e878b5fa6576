package io.perfkit.api;

/**
 * The label keys Perfkit itself puts on profiles, so that what one component writes another
 * reads by the same name: the request profiler writes a request's keys and the analysis reads
 * them to keep a snapshot to that request's thread and span; the collector writes the summary
 * keys and listings read them; every capture carries its trigger. Query and filter by these
 * ({@code ProfileQuery.builder().label(ProfileLabels.PATH, "/checkout")},
 * {@code /debug/profiles?label=path:/checkout}).
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
  public static final String DURATION_MS = "durationMs";
  /** The name of the thread that served the request. */
  public static final String THREAD = "thread";
  /** The id of the thread that served the request; with the two instants, what a request filter keeps. */
  public static final String THREAD_ID = "threadId";
  /** When the request started, an ISO-8601 instant. */
  public static final String REQUEST_START = "requestStart";
  /** When the request ended, an ISO-8601 instant. */
  public static final String REQUEST_END = "requestEnd";
  /** A request's thread CPU time during the request, milliseconds, when the request profiler measures it. */
  public static final String CPU_MS = "cpuMs";
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
   * The collector's summary: the {@code rank}-th hottest frame or site ({@code top.1},
   * {@code top.2}, {@code top.3}), as {@code package.Class.method}.
   *
   * @throws IllegalArgumentException when {@code rank} is below 1
   */
  public static String top(int rank) {
    if (rank < 1) {
      throw new IllegalArgumentException("summary rank " + rank + " must be at least 1");
    }
    return "top." + rank;
  }
}
