package io.perfkit.profiler.trigger;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.perfkit.api.Arguments;
import io.perfkit.api.CpuThrottling;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.internal.RequestEvent;
import io.perfkit.profiler.internal.TraceContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Times every request and, when one is slow, profiles <em>that</em> request: the always-on
 * {@link ContinuousRecorder} already holds its span, so a snapshot of [start, end] is taken after it
 * ends, rather than profiling the seconds after it, when the slowness may be over.
 *
 * <ul>
 *   <li>Slow (above 100 ms by default): a CPU profile, for 10% of such requests.</li>
 *   <li>Very slow (above 1 s): a CPU profile, always. It is stored once: the always-on
 *       recording it is cut from holds the request's allocation samples too, so its allocation
 *       profile is the same file read as {@link ProfileType#ALLOCATION}
 *       ({@code StackProfile.read(file, ProfileType.ALLOCATION, EventSelection.requestFilter(labels))}).</li>
 *   <li>Both are rate limited ({@link ProfileTrigger}), so a storm of slow requests yields a
 *       bounded number of profiles.</li>
 *   <li>Each profile carries the labels {@code path}, {@code method}, {@code status},
 *       {@code duration_ms}, {@code trigger} ({@code slow} or {@code very-slow}), {@code thread},
 *       {@code thread_id}, {@code request_start} and {@code request_end} (ISO-8601): enough to find
 *       it, and for analysis to single out that thread's samples during that span
 *       ({@link io.perfkit.profiler.analysis.EventSelection#requestFilter}); with
 *       {@link Builder#threadCpuTime} also {@code cpu_ms}, the thread's CPU time during the
 *       request, which the profile's samples are checked and corrected against.</li>
 *   <li>Every request also emits one JFR event, {@code perfkit.Request} (method, path, status,
 *       duration, thread).</li>
 *   <li>When the application has OpenTelemetry's API, the span current when the request began
 *       gives both the profile and the event {@code trace_id} and {@code span_id}, so a trace in
 *       any tracing UI leads to its profile ({@code /debug/profiles?label=trace_id:…}). Without
 *       it, nothing of OpenTelemetry is loaded and nothing changes.</li>
 * </ul>
 * The request's thread never waits: it compares two clock readings and, for a slow request,
 * hands the snapshot to a bounded executor (when that is full, the snapshot is dropped and
 * counted). Use {@link #filter()} with {@code com.sun.net.httpserver}, {@link #around} with
 * anything synchronous, and {@link #begin} where a request may end on another thread; the first
 * two begin and end an {@link InFlight} the same way on one thread.
 */
public final class RequestProfiler implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(RequestProfiler.class.getName());

  private final ContinuousRecorder recorder;
  private final Consumer<CaptureResult> sink;
  private final long slowNanos;
  private final long verySlowNanos;
  private final ProfileTrigger slowTrigger;
  private final ProfileTrigger verySlowTrigger;
  private final TimeSource time;
  private final CpuThrottling throttling;  // null: not asked
  private final ThreadPoolExecutor snapshots;
  private final java.lang.management.ThreadMXBean cpuClock;  // null: thread CPU time not measured
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong slow = new AtomicLong();
  private final AtomicLong verySlow = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failedSnapshots = new AtomicLong();

  private RequestProfiler(Builder b) {
    this.recorder = b.recorder;
    this.sink = b.sink;
    this.slowNanos = b.slow.toNanos();
    this.verySlowNanos = b.verySlow.toNanos();
    this.slowTrigger = b.slowTrigger != null ? b.slowTrigger
        : ProfileTrigger.builder(Slowness.SLOW.label()).sampleRate(0.1).rateLimit(6, Duration.ofMinutes(1)).timeSource(b.time).build();
    this.verySlowTrigger = b.verySlowTrigger != null ? b.verySlowTrigger
        : ProfileTrigger.builder(Slowness.VERY_SLOW.label()).sampleRate(1.0).rateLimit(6, Duration.ofMinutes(1)).timeSource(b.time).build();
    this.time = b.time;
    this.throttling = b.throttling;
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    this.cpuClock = b.threadCpuTime && mx.isCurrentThreadCpuTimeSupported() ? mx : null;
    if (cpuClock != null && !cpuClock.isThreadCpuTimeEnabled()) {
      cpuClock.setThreadCpuTimeEnabled(true);
    }
    this.snapshots = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(b.queue),
        new ThreadFactoryBuilder().setNameFormat("perfkit-request-snapshots-%d").setDaemon(true).build());
  }

  public static Builder builder(ContinuousRecorder recorder, Consumer<CaptureResult> sink) {
    return new Builder(recorder, sink);
  }

  /** A filter for {@code com.sun.net.httpserver}: add it to a context's filters. */
  public Filter filter() {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        InFlight request = begin(ex.getRequestMethod(), ex.getRequestURI().getPath());
        try {
          chain.doFilter(ex);
        } finally {
          int status = ex.getResponseCode();
          request.finish(status < 0 ? 500 : status, null);
        }
      }

      @Override
      public String description() {
        return "Perfkit request profiler";
      }
    };
  }

  /**
   * Runs {@code work} as one request of {@code name} (a path or operation), timing it. The status
   * is 200, or 500 when it throws.
   */
  public <T> T around(String method, String name, Callable<T> work) throws Exception {
    InFlight request = begin(method, name);
    int status = 500;
    try {
      T result = work.call();
      status = 200;
      return result;
    } finally {
      request.finish(status, null);
    }
  }

  /**
   * Starts timing one request on the calling thread, for servers where a request may end on
   * another thread (a Servlet container's async requests). Call {@link InFlight#end} exactly
   * once, from any thread; the profile's thread labels name the thread that began it.
   */
  public InFlight begin(String method, String path) {
    return new InFlight(method, path);
  }

  /** A request begun and not yet ended: its clocks' readings, thread, trace and JFR event. */
  public final class InFlight {
    private static final VarHandle ENDED;

    static {
      try {
        ENDED = MethodHandles.lookup().findVarHandle(InFlight.class, "ended", boolean.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final String method;
    private final String path;
    private final Instant start = time.now();
    private final long t0 = time.nanoTime();
    private final long cpu0 = cpuNow();
    private final Thread thread = Thread.currentThread();
    private final TraceContext.Ids trace = TraceContext.current();
    private final RequestEvent event = new RequestEvent();
    private volatile boolean ended;  // set once, through ENDED

    private InFlight(String method, String path) {
      this.method = method;
      this.path = path;
      event.begin();
    }

    /**
     * Ends the request with {@code status} (and {@code route}, the path label to use: a route
     * template, or the path itself); a second call does nothing.
     *
     * @return the request's duration, nanoseconds (0 for a second call)
     */
    public long end(int status, String route) {
      if (!ENDED.compareAndSet(this, false, true)) {
        return 0;
      }
      return finish(status, route);
    }

    /** Ends the request; for the entry points that end it once, on the thread that began it. */
    private long finish(int status, String route) {
      long nanos = time.nanoTime() - t0;
      try {
        classify(event, method, route == null ? path : route, status, start, nanos, thread, trace, cpu0);
      } finally {
        // counted last, so that a request counted has had its snapshot queued
        requests.incrementAndGet();
      }
      return nanos;
    }
  }

  /** The calling thread's CPU time, or -1 when it is not measured. */
  private long cpuNow() {
    return cpuClock == null ? -1 : cpuClock.getCurrentThreadCpuTime();
  }

  private void classify(RequestEvent event, String method, String path, int status, Instant start, long nanos,
      Thread thread, TraceContext.Ids trace, long cpu0) {
    Slowness kind = Slowness.of(nanos, slowNanos, verySlowNanos);
    event.end();
    if (event.shouldCommit()) {
      event.method = method;
      event.path = path;
      event.status = status;
      event.slow = kind.label();
      if (trace != null) {
        event.traceId = trace.traceId();
        event.spanId = trace.spanId();
      }
      event.commit();
    }
    if (kind == Slowness.NONE) {
      return;
    }
    boolean very = kind == Slowness.VERY_SLOW;
    (very ? verySlow : slow).incrementAndGet();
    if (!(very ? verySlowTrigger : slowTrigger).shouldProfile()) {
      return;
    }
    Instant end = start.plusNanos(nanos);
    Labels base = Labels.of(ProfileLabels.PATH, clip(path), ProfileLabels.METHOD, clip(method),
        ProfileLabels.STATUS, Integer.toString(status),
        ProfileLabels.DURATION_MS, Long.toString(TimeUnit.NANOSECONDS.toMillis(nanos)), ProfileLabels.TRIGGER, kind.label(),
        ProfileLabels.THREAD, clip(threadName(thread)), ProfileLabels.THREAD_ID, Long.toString(thread.getId()),
        ProfileLabels.REQUEST_START, start.toString(), ProfileLabels.REQUEST_END, end.toString());
    if (cpu0 >= 0) {
      long cpu = (thread == Thread.currentThread() ? cpuClock.getCurrentThreadCpuTime() : cpuClock.getThreadCpuTime(thread.getId()))
          - cpu0;
      if (cpu >= 0) {
        base = base.with(ProfileLabels.CPU_MS, Long.toString(TimeUnit.NANOSECONDS.toMillis(cpu)));
      }
    }
    Labels labels = trace == null ? base
        : base.with(ProfileLabels.TRACE_ID, trace.traceId()).with(ProfileLabels.SPAN_ID, trace.spanId());
    try {
      snapshots.execute(() -> snapshot(start, end, labels));
    } catch (RejectedExecutionException full) {
      dropped.incrementAndGet();
    }
  }

  /** The thread's name, or for an unnamed one (a virtual thread, as servers start them) {@code #id}. */
  private static String threadName(Thread thread) {
    String name = thread.getName();
    return name == null || name.isEmpty() ? "#" + thread.getId() : name;
  }

  private static String clip(String s) {
    String v = s == null ? "" : s;
    StringBuilder sb = new StringBuilder(Math.min(v.length(), 256));
    for (int i = 0; i < v.length() && sb.length() < 256; i++) {
      char c = v.charAt(i);
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    return sb.toString();
  }

  private void snapshot(Instant start, Instant end, Labels request) {
    Labels labels = request;
    try {
      if (throttling != null) {
        // off the request's thread: the history may read the cgroup once, for a span that just ended
        Optional<Duration> held = throttling.throttledBetween(start, end);
        if (held.isPresent()) {
          labels = labels.with(ProfileLabels.CPU_THROTTLED_MS, Long.toString(held.get().toMillis()));
        }
      }
      sink.accept(recorder.snapshot(start, end, ProfileType.CPU, labels));
    } catch (IOException | RuntimeException e) {
      failedSnapshots.incrementAndGet();
      LOG.log(Level.WARNING, "snapshot of a " + labels.get(ProfileLabels.TRIGGER).orElse("") + " request failed: " + e, e);
    }
  }

  /** Requests seen. */
  public long requests() {
    return requests.get();
  }

  /** Requests above the slow threshold (very slow ones excluded). */
  public long slowRequests() {
    return slow.get();
  }

  /** Requests above the very-slow threshold. */
  public long verySlowRequests() {
    return verySlow.get();
  }

  /** Snapshots dropped because the queue was full. */
  public long droppedSnapshots() {
    return dropped.get();
  }

  /** Snapshots that failed. */
  public long failedSnapshots() {
    return failedSnapshots.get();
  }

  public ProfileTrigger slowTrigger() {
    return slowTrigger;
  }

  public ProfileTrigger verySlowTrigger() {
    return verySlowTrigger;
  }

  /** Waits up to {@code timeout} for queued snapshots, then stops the snapshot thread. */
  public void close(Duration timeout) {
    snapshots.shutdown();
    try {
      snapshots.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    snapshots.shutdownNow();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  /** Configures a {@link RequestProfiler}. */
  public static final class Builder {
    private final ContinuousRecorder recorder;
    private final Consumer<CaptureResult> sink;
    private Duration slow = Duration.ofMillis(100);
    private Duration verySlow = Duration.ofSeconds(1);
    private ProfileTrigger slowTrigger;
    private ProfileTrigger verySlowTrigger;
    private TimeSource time = TimeSource.system();
    private int queue = 16;
    private boolean threadCpuTime;
    private CpuThrottling throttling;

    private Builder(ContinuousRecorder recorder, Consumer<CaptureResult> sink) {
      this.recorder = Objects.requireNonNull(recorder, "recorder");
      this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Thresholds (100 ms and 1 s by default). */
    public Builder thresholds(Duration slow, Duration verySlow) {
      if (slow.isNegative() || verySlow.compareTo(slow) <= 0) {
        throw new IllegalArgumentException("thresholds must satisfy 0 ≤ slow < verySlow; got slow " + slow
            + ", verySlow " + verySlow);
      }
      this.slow = slow;
      this.verySlow = verySlow;
      return this;
    }

    /** Sampling and rate limit for slow requests (10%, 6 a minute by default). */
    public Builder slowTrigger(ProfileTrigger trigger) {
      this.slowTrigger = Objects.requireNonNull(trigger, "trigger");
      return this;
    }

    /** Sampling and rate limit for very slow requests (all, 6 a minute by default). */
    public Builder verySlowTrigger(ProfileTrigger trigger) {
      this.verySlowTrigger = Objects.requireNonNull(trigger, "trigger");
      return this;
    }

    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * Measures each request's thread CPU time, so that a slow request's profile carries it
     * ({@code cpu_ms}) and is checked and corrected against it like a capture is against its
     * threads' CPU readings (off by default). It costs two reads of the thread's CPU clock per
     * request, a system call each: about 0.3 to 0.7 µs on Linux, several times the rest of the
     * filter's work (see the benchmarks), worth it where requests take milliseconds. A request
     * served on a virtual thread has no {@code cpu_ms}: the JVM measures the CPU time of platform
     * threads only.
     */
    public Builder threadCpuTime(boolean measure) {
      this.threadCpuTime = measure;
      return this;
    }

    /**
     * Where a container's CPU throttling is read from (the monitor's {@code ContainerMetrics}),
     * so that each slow request's profile says how long the quota held the process back during
     * the request ({@code cpu_throttled_ms}): a request slow because the quota ran out, not
     * because of its code. Asked once per profiled request, on the snapshot thread; none by default.
     */
    public Builder cpuThrottling(CpuThrottling throttling) {
      this.throttling = Objects.requireNonNull(throttling, "throttling");
      return this;
    }

    /** Snapshots that may wait before further ones are dropped (16). */
    public Builder queueCapacity(int capacity) {
      Arguments.positive("queue capacity", capacity);
      this.queue = capacity;
      return this;
    }

    public RequestProfiler build() {
      return new RequestProfiler(this);
    }
  }
}
