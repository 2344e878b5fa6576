package io.perfkit.profiler;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Identifiers;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.http.HttpError;
import io.perfkit.http.QueryParams;
import io.perfkit.http.Request;
import io.perfkit.http.Response;
import io.perfkit.http.Routes;
import io.perfkit.profiler.analysis.FlameGraph;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.PprofExport;
import io.perfkit.profiler.analysis.ProfileDiff;
import io.perfkit.profiler.analysis.EventSelection;
import io.perfkit.profiler.analysis.StackProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 *       graph with {@code &format=html}.</li>
 * </ul>
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
 * 429 at once. So however many debug requests arrive, the application's own endpoints on the
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

  private static final System.Logger LOG = System.getLogger(DebugHttp.class.getName());
  private static final List<String> LIST_PARAMS = List.of("type", "since", "until", "minDuration", "label", "limit");

  private final Profiler profiler;
  private final ProfileStorage storage;
  private final String token;
  private final int maxSeconds;
  private final int maxLimit;
  private final int maxPending;
  private final Semaphore pending;
  private final Semaphore analyses;
  private final int maxAnalyses;
  private final ThreadPoolExecutor delivery;
  private volatile boolean closed;

  private DebugHttp(Builder b) {
    this.profiler = b.profiler;
    this.storage = b.storage;
    this.token = b.token;
    this.maxSeconds = (int) Math.max(1, Math.min(b.maxSeconds, profiler.maxDuration().toSeconds()));
    this.maxLimit = b.maxLimit;
    this.maxPending = b.maxPending;
    this.pending = new Semaphore(b.maxPending);
    this.maxAnalyses = b.maxAnalyses;
    this.analyses = new Semaphore(b.maxAnalyses);
    this.delivery = new ThreadPoolExecutor(2, 2, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(b.maxPending + 2),
        new ThreadFactoryBuilder().setNameFormat("perfkit-debug-delivery-%d").setDaemon(true).build(),
        // never reached while open (at most maxPending answers wait); after close() the answer
        // is still given, on the thread that completed the capture, so no exchange is left open
        (task, executor) -> task.run());
    this.delivery.allowCoreThreadTimeOut(true);
  }

  public static Builder builder(Profiler profiler, ProfileStorage storage) {
    return new Builder(profiler, storage);
  }

  /** The endpoints as a route table. */
  public Routes routes() {
    Routes r = Routes.create()
        .get("/debug/profile", this::capture)
        .get("/debug/threads", req -> Response.text(ThreadDumps.dump()))
        .get("/debug/profiles", this::list)
        .get("/debug/profiles/{id}", req -> download(profile(req.pathParam("id"), "profile")))
        .get("/debug/profiles/{id}/top", req -> top(profile(req.pathParam("id"), "profile"), req.query()))
        .get("/debug/profiles/{id}/flame", req -> {
          StoredProfile p = profile(req.pathParam("id"), "profile");
          return analyze(p, req.query(), sp -> Response.html(FlameGraph.html(title(p), sp)));
        })
        .get("/debug/profiles/{id}/pprof", req -> {
          StoredProfile p = profile(req.pathParam("id"), "profile");
          return analyze(p, req.query(), sp -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PprofExport.write(sp, 20_000_000L, p.metadata().start().toEpochMilli() * 1_000_000L,
                p.metadata().duration().toNanos(), out);
            return Response.bytes(200, "application/octet-stream", out.toByteArray()).attachment(p.id() + ".pb.gz");
          });
        })
        .get("/debug/diff", this::diff);
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
    return maxPending - pending.availablePermits();
  }

  // ------------------------------------------------------------------ capture

  private Response capture(Request req) {
    QueryParams q = req.query().onlyKnown(List.of("type", "seconds"));
    ProfileType type = parseType(q.one("type").orElse("cpu"));
    int seconds = q.intIn("seconds", Math.min(10, maxSeconds), 1, maxSeconds);
    if (type == ProfileType.THREAD_DUMP) {
      return Response.text(ThreadDumps.dump());
    }
    if (closed) {
      throw new HttpError(503, "the debug endpoints are closed");
    }
    if (!pending.tryAcquire()) {
      throw new HttpError(429, maxPending + " captures are already waiting for their answer (the limit); "
          + type.wireName() + " capture refused").header("Retry-After", Long.toString(Math.max(1, seconds)));
    }
    CompletableFuture<CaptureResult> capture;
    try {
      capture = profiler.capture(type, Duration.ofSeconds(seconds), Labels.of(ProfileLabels.TRIGGER, "http"));
    } catch (IllegalArgumentException e) {
      pending.release();
      throw HttpError.badRequest(e.getMessage());
    } catch (RuntimeException e) {
      pending.release();
      throw e;
    }
    CompletableFuture<Response> answer = capture.handleAsync((r, failure) -> {
      if (failure != null) {
        pending.release();
        throw new CompletionException(httpError(type, failure));
      }
      return captureResponse(type, r);
    }, delivery);
    return Response.later(answer);
  }

  private Response captureResponse(ProfileType type, CaptureResult r) {
    if (closed) {
      pending.release();
      deleteQuietly(r);
      throw new CompletionException(new HttpError(503, "the debug endpoints were closed while the "
          + type.wireName() + " capture ran"));
    }
    long size;
    try {
      size = Files.size(r.file());
    } catch (IOException e) {
      pending.release();
      deleteQuietly(r);
      throw new CompletionException(new HttpError(500, type.wireName() + " capture finished but its file cannot be read"));
    }
    return Response.stream(200, contentType(r.metadata().format()), size, out -> Files.copy(r.file(), out))
        .attachment(type.wireName() + "-" + r.metadata().start().getEpochSecond() + "." + r.metadata().format())
        .whenSent(() -> {
          deleteQuietly(r);
          pending.release();
        });
  }

  private static HttpError httpError(ProfileType type, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof ProfilerBusyException) {
      ProfilerBusyException busy = (ProfilerBusyException) cause;
      int status = busy.reason() == ProfilerBusyException.Reason.WINDOW_NOT_COVERED ? 409 : 429;
      long retry = Math.max(1, (busy.retryAfter().toMillis() + 999) / 1000);
      return new HttpError(status, busy.getMessage()).header("Retry-After", Long.toString(retry));
    }
    if (cause instanceof IllegalStateException) {
      return new HttpError(503, cause.getMessage());
    }
    LOG.log(Level.WARNING, type.wireName() + " capture for /debug/profile failed", cause);
    return new HttpError(500, type.wireName() + " capture failed: " + cause.getMessage());
  }

  private static void deleteQuietly(CaptureResult r) {
    try {
      r.deleteFile();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "could not delete " + r.file() + ": " + e);
    }
  }

  // ------------------------------------------------------------------ stored profiles

  private Response list(Request req) throws IOException {
    QueryParams q = req.query().onlyKnown(LIST_PARAMS);
    ProfileQuery.Builder b = ProfileQuery.builder();
    for (String t : q.all("type")) {
      b.types(parseType(t));
    }
    q.instant("since").ifPresent(b::since);
    q.instant("until").ifPresent(b::until);
    q.duration("minDuration").ifPresent(b::minDuration);
    for (String l : q.all("label")) {
      int colon = l.indexOf(':');
      if (colon <= 0) {
        throw HttpError.badRequest("label " + Identifiers.quote(l) + " is not key:value");
      }
      try {
        b.label(l.substring(0, colon), l.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest(e.getMessage());
      }
    }
    b.limit(q.intIn("limit", Math.min(ProfileQuery.DEFAULT_LIMIT, maxLimit), 1, maxLimit));
    ProfileQuery query;
    try {
      query = b.build();
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (StoredProfile p : storage.query(query)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.id());
      m.put("type", p.metadata().type().wireName());
      m.put("start", p.metadata().start().toString());
      m.put("durationMs", p.metadata().duration().toMillis());
      m.put("format", p.metadata().format());
      m.put("sizeBytes", p.sizeBytes());
      m.put("labels", p.metadata().labels().asMap());
      out.add(m);
    }
    return Response.json(200, out);
  }

  private Response download(StoredProfile p) throws IOException {
    InputStream in;
    try {
      in = storage.openContent(p.id());
    } catch (NoSuchProfileException gone) {
      throw HttpError.notFound("no profile with id '" + p.id() + "'");
    }
    return Response.stream(200, contentType(p.metadata().format()), p.sizeBytes(), in::transferTo)
        .attachment(p.id() + "." + p.metadata().format())
        .whenSent(() -> {
          try {
            in.close();
          } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing profile " + p.id() + ": " + e);
          }
        });
  }

  private Response top(StoredProfile p, QueryParams q) throws IOException {
    int n = q.intIn("n", 20, 1, 1000);
    return analyze(p, q, sp -> {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%s profile %s: %d events, %s%s%n", p.metadata().type().wireName(), p.id(),
          sp.events(), sp.format(sp.totalWeight()), scopeNote(p, q)));
      sb.append(String.format(Locale.ROOT, "%8s %8s %8s %8s  %s%n", "self%", "self", "total%", "total", "method"));
      for (MethodStat m : sp.topSelf(n)) {
        sb.append(String.format(Locale.ROOT, "%7.2f%% %8d %7.2f%% %8d  %s%n", m.selfPercent(), m.self(),
            m.totalPercent(), m.total(), m.method()));
      }
      return Response.text(sb.toString());
    });
  }

  private Response diff(Request req) throws IOException {
    QueryParams q = req.query().onlyKnown(List.of("base", "target", "format"));
    StoredProfile base = profile(q.one("base").orElseThrow(() -> HttpError.badRequest("parameter 'base' (a profile id) is required")), "base");
    StoredProfile target = profile(q.one("target").orElseThrow(() -> HttpError.badRequest("parameter 'target' (a profile id) is required")), "target");
    if (base.metadata().type() != target.metadata().type()) {
      throw HttpError.badRequest("cannot diff a " + base.metadata().type().wireName() + " profile against a "
          + target.metadata().type().wireName() + " profile");
    }
    String format = q.one("format").orElse("text");
    if (!format.equals("text") && !format.equals("html")) {
      throw HttpError.badRequest("format " + Identifiers.quote(format) + " is unknown; use text or html");
    }
    checkAnalyzable(base);
    checkAnalyzable(target);
    return withAnalysisPermit(() -> {
      ProfileDiff d = ProfileDiff.of(parse(base, false), parse(target, false));
      return format.equals("html")
          ? Response.html(FlameGraph.diffHtml("diff " + base.id() + " → " + target.id(), d))
          : Response.text(d.report(30));
    });
  }

  // ------------------------------------------------------------------ helpers

  /** Work on a profile's analysis. */
  private interface Analysis {
    Response apply(StackProfile p) throws IOException;
  }

  /** Work done while holding one of the analysis permits. */
  private interface Guarded {
    Response run() throws IOException;
  }

  /** Runs {@code work} within the limit on analyses running at once, or answers 429 at once. */
  private Response withAnalysisPermit(Guarded work) throws IOException {
    if (!analyses.tryAcquire()) {
      throw new HttpError(429, maxAnalyses + " profile analyses are running (the limit); retry shortly")
          .header("Retry-After", "1");
    }
    try {
      return work.run();
    } finally {
      analyses.release();
    }
  }

  /** Parses a stored profile and runs {@code use} on it, within the analysis limit. */
  private Response analyze(StoredProfile p, QueryParams q, Analysis use) throws IOException {
    boolean all = scopeAll(q);
    checkAnalyzable(p);
    return withAnalysisPermit(() -> use.apply(parse(p, all)));
  }

  private static boolean scopeAll(QueryParams q) {
    return q.one("scope").map(s -> {
      if (!s.equals("all") && !s.equals("request")) {
        throw HttpError.badRequest("scope " + Identifiers.quote(s) + " is unknown; use all or request");
      }
      return s.equals("all");
    }).orElse(false);
  }

  private static void checkAnalyzable(StoredProfile p) {
    ProfileType type = p.metadata().type();
    if (type == ProfileType.THREAD_DUMP || !p.metadata().format().equals("jfr")) {
      throw HttpError.badRequest("profile " + p.id() + " is a " + type.wireName() + " (" + p.metadata().format()
          + "); it has no stacks to analyze");
    }
  }

  /** The profile's stacks: its content copied to a temporary file, parsed, and the file deleted. */
  private StackProfile parse(StoredProfile p, boolean all) throws IOException {
    Path tmp = Files.createTempFile("perfkit-analysis", ".jfr");
    try {
      try (InputStream in = storage.openContent(p.id())) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      } catch (NoSuchProfileException gone) {
        throw HttpError.notFound("no profile with id '" + p.id() + "'");
      }
      return StackProfile.read(tmp, p.metadata().type(), all ? e -> true : EventSelection.requestFilter(p.metadata().labels()));
    } catch (UncheckedIOException e) {
      throw new IOException("profile " + p.id() + " cannot be read: " + e.getCause().getMessage(), e.getCause());
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String scopeNote(StoredProfile p, QueryParams q) {
    boolean all = q.one("scope").map("all"::equals).orElse(false);
    if (!all && EventSelection.isRequestSnapshot(p.metadata().labels())) {
      return " (request on thread " + p.metadata().labels().get(ProfileLabels.THREAD).orElse("?") + " only; scope=all for every thread)";
    }
    return "";
  }

  private static String title(StoredProfile p) {
    return p.metadata().type().wireName() + " " + p.id() + p.metadata().labels().get(ProfileLabels.PATH).map(s -> " " + s).orElse("");
  }

  /** A stored profile by id; {@code what} names the parameter in errors. */
  private StoredProfile profile(String id, String what) throws IOException {
    if (!Identifiers.isValidProfileId(id)) {
      throw HttpError.badRequest(what + " id " + Identifiers.quote(id) + " is invalid; ids are 1 to 128 of [A-Za-z0-9_-]");
    }
    return storage.find(id).orElseThrow(() -> HttpError.notFound("no profile with id '" + id + "'"));
  }

  private static ProfileType parseType(String s) {
    try {
      return ProfileType.parse(s);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(e.getMessage());
    }
  }

  private static String contentType(String format) {
    return format.equals("txt") ? "text/plain; charset=utf-8" : "application/octet-stream";
  }

  /** Stops the delivery threads; idempotent. */
  @Override
  public void close() {
    closed = true;
    MoreExecutors.shutdownAndAwaitTermination(delivery, Duration.ofSeconds(2));
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
      if (seconds < 1) {
        throw new IllegalArgumentException("max capture seconds " + seconds + " must be positive");
      }
      this.maxSeconds = seconds;
      return this;
    }

    /** Captures whose answers may be pending at once (4); one more gets 429. */
    public Builder maxPendingCaptures(int n) {
      if (n < 1 || n > 64) {
        throw new IllegalArgumentException("max pending captures " + n + " must be between 1 and 64");
      }
      this.maxPending = n;
      return this;
    }

    /** Profile analyses (top, flame, pprof, diff) running at once (2); one more gets 429. */
    public Builder maxConcurrentAnalyses(int n) {
      if (n < 1 || n > 64) {
        throw new IllegalArgumentException("max concurrent analyses " + n + " must be between 1 and 64");
      }
      this.maxAnalyses = n;
      return this;
    }

    public DebugHttp build() {
      return new DebugHttp(this);
    }
  }
}
