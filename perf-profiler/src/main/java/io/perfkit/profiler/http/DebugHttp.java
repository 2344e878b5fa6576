package io.perfkit.profiler.http;

import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Arguments;
import io.perfkit.api.Identifiers;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.http.HttpError;
import io.perfkit.http.Response;
import io.perfkit.http.Routes;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.capture.ThreadDumps;
import io.perfkit.profiler.analysis.ProfileMerge;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.memory.GcReport;
import io.perfkit.profiler.memory.HeapDumps;
import java.util.Objects;

/**
 * The pprof-style HTTP endpoints, as a {@link Routes} table; mount them on the same server as
 * the monitor's endpoints.
 *
 * <ul>
 *   <li>{@code GET /debug/profile?type=cpu&seconds=N}: a fresh capture as {@code .jfr} (a thread
 *       dump as text). {@code type} defaults to {@code cpu}; {@code seconds} defaults to 10 and
 *       takes 1 to {@code maxCaptureSeconds} (300 by default, and never more than the profiler's
 *       own maximum); outside that range, 400 naming the range.</li>
 *   <li>{@code GET /debug/threads}: a thread dump, as text;</li>
 *   <li>{@code GET /debug/profiles?type=&since=&until=&minDuration=&label=k:v&limit=}: stored
 *       profiles as a JSON array, newest first, of {@code {"id", "type", "start", "durationMs",
 *       "format", "sizeBytes", "labels"}}. {@code type} takes the lower-case type names,
 *       case-insensitively, and may repeat; {@code since} and {@code until} are ISO-8601 instants;
 *       {@code minDuration} is a duration of Perfkit's one grammar ({@code PT0.5S}, {@code 500ms};
 *       see {@link io.perfkit.api.Durations}) or whole milliseconds;
 *       {@code label=k:v} splits at the first {@code :} and may repeat (all must match);
 *       {@code limit} takes 1 to 1000 and defaults to 100;</li>
 *   <li>{@code GET /debug/profiles/{id}}: the content;</li>
 *   <li>{@code GET /debug/profiles/{id}/top?n=20}: the top methods, as text ({@code n} 1 to 1000);
 *       a request's snapshot is summarized from that request's thread and span unless
 *       {@code scope=all};</li>
 *   <li>{@code GET /debug/profiles/{id}/flame}: the interactive flame graph;</li>
 *   <li>{@code GET /debug/profiles/{id}/pprof}: gzipped {@code profile.proto};</li>
 *   <li>{@code GET /debug/diff?base={id}&target={id}}: the diff as text, or the differential flame
 *       graph with {@code &format=html};</li>
 *   <li>{@code GET /debug/merge?type=cpu&since=&until=&label=k:v&view=top|flame|pprof|collapsed&n=20}:
 *       every stored profile the query matches merged into one ({@link ProfileMerge}: continuous
 *       chunks from their compact form); over a storage a fleet shares, the fleet's. A query
 *       matching more than {@code maxMergedProfiles} (1,000) gets 400 naming the bound; the
 *       headers {@code X-Perfkit-Merged} and {@code X-Perfkit-Skipped} count the profiles read and
 *       those that could not be;</li>
 *   <li>{@code GET /debug/merge/diff?type=cpu&label=k:v&base.since=&base.until=&target.since=&target.until=&format=text|html}:
 *       two merged windows compared, each method's cost per second ({@link io.perfkit.profiler.analysis.CostDiff}),
 *       or their differential flame graph;</li>
 *   <li>{@code GET /debug/}: an index of these endpoints;</li>
 *   <li>{@code GET /debug/browse}: the stored profiles in a browser, with filters, each one's
 *       flame graph, the diff of two, and the merged flame graph of a window (one page, its
 *       script inline, nothing loaded from elsewhere);</li>
 *   <li>{@code GET /debug/gc?seconds=N&format=json|text}: the {@link GcReport} of the always-on
 *       continuous recorder's last N seconds (60 by default, at most its maximum age); 404 without
 *       a {@link Builder#continuousRecorder continuous recorder};</li>
 *   <li>{@code GET /debug/profiles/{id}/gc?format=json|text}: the GC report of a stored
 *       recording;</li>
 *   <li>{@code GET /debug/io?seconds=N&group=file|directory&top=10&format=json|text}: the
 *       {@link io.perfkit.profiler.analysis.IoReport} of the continuous recorder's last N seconds
 *       (its waits over 10 ms), by file or directory and by remote host and port, with bytes,
 *       counts and times; {@code top} takes 1 to 1000 and the rest is one "other" row; 404 without
 *       a continuous recorder;</li>
 *   <li>{@code GET /debug/profiles/{id}/io?group=&top=&format=&scope=}: the I/O report of a
 *       stored recording; a request's snapshot reports that request's waits unless
 *       {@code scope=all};</li>
 *   <li>{@code GET /debug/pinning?seconds=N&top=10&format=json|text}: the
 *       {@link io.perfkit.profiler.analysis.PinningReport} of the continuous recorder's last N
 *       seconds: where virtual threads blocked while pinned to their carriers (JDK 21+);</li>
 *   <li>{@code GET /debug/heap/histogram?top=30&format=json|text}: live objects by class
 *       ({@code GC.class_histogram}, which runs a full collection first) and the classes that
 *       grew since the previous call;</li>
 *   <li>{@code GET /debug/heapdump?live=true}: an {@code .hprof} heap dump, only when enabled
 *       with {@link Builder#heapDumps} (which requires a bearer token); 409 when the heap in use
 *       is over the size limit or would not fit on the disk. <b>A dump stops the JVM while it
 *       writes</b>, about a second per gigabyte.</li>
 * </ul>
 * The GC, I/O and pinning reports of the recorder, the histogram and the heap dump run one at a
 * time; one more gets 429 at once.
 *
 * <h2>What a request can and cannot take from the application</h2>
 * A capture never holds an HTTP handler thread: the handler starts it (or joins one running
 * whose window covers the request) and returns; the answer is sent from this endpoint's own
 * delivery threads when the recording ends. At most {@code maxPendingCaptures} (4) captures wait
 * for their answer at once. A capture that cannot start now is answered at once, with
 * {@code Retry-After} in seconds:
 * <ul>
 *   <li>429 when {@code maxPendingCaptures} answers are pending, or the profiler runs as many
 *       recordings as it allows;</li>
 *   <li>409 when a capture of the same type is running and ends before the window asked for;</li>
 *   <li>503 when the profiler is closed.</li>
 * </ul>
 * Analyses ({@code top}, {@code flame}, {@code pprof}, {@code diff}) parse a recording on the
 * handler thread; at most {@code maxConcurrentAnalyses} (2) run at once, and one past that gets
 * 429 at once. Merges run on threads of their own, at most {@code maxConcurrentMerges} (2) at
 * once; one past that gets 429 with {@code Retry-After} at once. So however many debug requests arrive, the application's own endpoints on the
 * same server keep at least {@code handlerThreads - maxConcurrentAnalyses} threads.
 *
 * <p>With a bearer token set, every {@code /debug} path requires {@code Authorization: Bearer
 * TOKEN} (401 otherwise). Bad ids, parameters and types get a 4xx JSON error whose message names
 * the value; an id reaches storage only after {@link Identifiers#checkProfileId}. The server
 * should be bound to loopback unless a token protects it.
 *
 * <p>Thread-safe. {@link #close()} stops the delivery threads (answers still pending get 503)
 * and is idempotent.
 */
public final class DebugHttp implements AutoCloseable {

  private final String token;
  private final CaptureEndpoint capture;
  private final StoredProfileEndpoints stored;
  private final MemoryEndpoints memory;
  private final MergeEndpoints merges;

  private DebugHttp(Builder b) {
    this.token = b.token;
    this.capture = new CaptureEndpoint(b.profiler, b.maxSeconds, b.maxPending);
    this.stored = new StoredProfileEndpoints(b.storage, b.maxLimit, b.maxAnalyses);
    this.memory = new MemoryEndpoints(b.recorder, b.dumps, b.profiler.workDir());
    this.merges = new MergeEndpoints(b.storage, b.maxMerged, b.maxMerges);
  }

  public static Builder builder(Profiler profiler, ProfileStorage storage) {
    return new Builder(profiler, storage);
  }

  /** The endpoints as a route table. */
  public Routes routes() {
    Routes r = Routes.create()
        .get("/debug/profile", capture::capture)
        .get("/debug/threads", req -> Response.text(ThreadDumps.dump()))
        .get("/debug/profiles", stored::list)
        .get("/debug/profiles/{id}", req -> stored.download(stored.profile(req.pathParam("id"), "profile")))
        .get("/debug/profiles/{id}/top", req -> stored.top(stored.profile(req.pathParam("id"), "profile"), req.query()))
        .get("/debug/profiles/{id}/flame", stored::flame)
        .get("/debug/profiles/{id}/pprof", stored::pprof)
        .get("/debug/diff", stored::diff)
        .get("/debug/merge", merges::merge)
        .get("/debug/merge/diff", merges::diff)
        .get("/debug", req -> Response.html(DebugIndex.html()))
        .get("/debug/browse", req -> Response.html(BrowsePage.HTML))
        .get("/debug/profiles/{id}/gc", stored::gc)
        .get("/debug/gc", memory::gc)
        .get("/debug/profiles/{id}/io", stored::io)
        .get("/debug/io", memory::io)
        .get("/debug/pinning", memory::pinning)
        .get("/debug/heap/histogram", memory::histogram)
        .get("/debug/heapdump", memory::heapDump);
    if (token != null) {
      r.bearerToken(token);
    }
    return r;
  }

  /** Adds the {@code /debug} routes to {@code server}. */
  public void mount(HttpServer server) {
    routes().mount(server);
  }

  /** Captures whose answers are pending now. */
  public int pendingCaptures() {
    return capture.pendingCaptures();
  }

  static ProfileType parseType(String s) {
    try {
      return ProfileType.parse(s);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(e.getMessage());
    }
  }

  static String contentType(String format) {
    return format.equals("txt") ? "text/plain; charset=utf-8" : "application/octet-stream";
  }

  /** Stops the delivery threads; idempotent. */
  @Override
  public void close() {
    capture.close();
    merges.close();
  }

  /** Configures {@link DebugHttp}; each setter validates its value. */
  public static final class Builder {
    private final Profiler profiler;
    private final ProfileStorage storage;
    private String token;
    private int maxSeconds = 300;
    private int maxLimit = 1000;
    private int maxPending = 4;
    private int maxAnalyses = 2;
    private int maxMerged = ProfileMerge.DEFAULT_MAX_PROFILES;
    private int maxMerges = 2;
    private ContinuousRecorder recorder;
    private HeapDumps dumps;

    private Builder(Profiler profiler, ProfileStorage storage) {
      this.profiler = Objects.requireNonNull(profiler, "profiler");
      this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** Requires {@code Authorization: Bearer TOKEN} on every /debug path. */
    public Builder bearerToken(String token) {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("bearer token must not be blank");
      }
      this.token = token;
      return this;
    }

    /** Longest capture {@code /debug/profile} takes (300 s; never more than the profiler's maximum). */
    public Builder maxCaptureSeconds(int seconds) {
      Arguments.positive("max capture seconds", seconds);
      this.maxSeconds = seconds;
      return this;
    }

    /** Captures whose answers may be pending at once (4); one more gets 429. */
    public Builder maxPendingCaptures(int n) {
      Arguments.between("max pending captures", n, 1, 64);
      this.maxPending = n;
      return this;
    }

    /** Profile analyses (top, flame, pprof, diff) running at once (2); one more gets 429. */
    public Builder maxConcurrentAnalyses(int n) {
      Arguments.between("max concurrent analyses", n, 1, 64);
      this.maxAnalyses = n;
      return this;
    }

    /** Stored profiles one {@code /debug/merge} reads at most (1,000); a query matching more gets 400 naming it. */
    public Builder maxMergedProfiles(int n) {
      this.maxMerged = Arguments.positive("max merged profiles", n);
      return this;
    }

    /** Merges running at once (2), each on a thread of its own; one more gets 429. */
    public Builder maxConcurrentMerges(int n) {
      this.maxMerges = Arguments.between("max concurrent merges", n, 1, 16);
      return this;
    }

    /** The always-on recorder {@code /debug/gc} and {@code /debug/io} read their last seconds from. */
    public Builder continuousRecorder(ContinuousRecorder recorder) {
      this.recorder = Objects.requireNonNull(recorder, "recorder");
      return this;
    }

    /**
     * Turns {@code /debug/heapdump} on, for heaps with at most {@code maxHeapUsedBytes} in use.
     * Requires a {@link #bearerToken}: a heap dump holds every secret the application has in
     * memory, and writing it stops the JVM.
     */
    public Builder heapDumps(long maxHeapUsedBytes) {
      this.dumps = new HeapDumps(maxHeapUsedBytes);
      return this;
    }

    /**
     * @throws IllegalStateException when heap dumps are on without a bearer token
     */
    public DebugHttp build() {
      if (dumps != null && token == null) {
        throw new IllegalStateException("heap dumps need a bearer token: call bearerToken(...) as well as heapDumps("
            + dumps.maxHeapUsed() + ")");
      }
      return new DebugHttp(this);
    }
  }
}
