package io.perfkit.profiler.http;

import io.perfkit.api.Identifiers;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.http.HttpError;
import io.perfkit.http.QueryParams;
import io.perfkit.http.Request;
import io.perfkit.http.Response;
import io.perfkit.profiler.analysis.EventSelection;
import io.perfkit.profiler.analysis.FlameGraph;
import io.perfkit.profiler.analysis.IoReport;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.PprofExport;
import io.perfkit.profiler.analysis.ProfileDiff;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.memory.GcReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The endpoints on stored profiles: the list, the content, and the analyses ({@code top},
 * {@code flame}, {@code pprof}, {@code diff}), which parse a recording on the handler thread
 * with at most {@code maxAnalyses} running at once; one past that gets 429 at once.
 */
final class StoredProfileEndpoints {

  private static final System.Logger LOG = System.getLogger(StoredProfileEndpoints.class.getName());
  private static final List<String> LIST_PARAMS = List.of("type", "since", "until", "minDuration", "label", "limit");

  private final ProfileStorage storage;
  private final int maxLimit;
  private final int maxAnalyses;
  private final Semaphore analyses;

  StoredProfileEndpoints(ProfileStorage storage, int maxLimit, int maxAnalyses) {
    this.storage = new Unavailable(storage);
    this.maxLimit = maxLimit;
    this.maxAnalyses = maxAnalyses;
    this.analyses = new Semaphore(maxAnalyses);
  }

  Response flame(Request req) throws IOException {
    StoredProfile p = profile(req.pathParam("id"), "profile");
    return analyze(p, req.query(), sp -> Response.html(FlameGraph.html(title(p), sp)));
  }

  /** The recording as pprof, with line numbers and each sample's thread (and trace) labels. */
  Response pprof(Request req) throws IOException {
    StoredProfile p = profile(req.pathParam("id"), "profile");
    boolean all = scopeAll(req.query());
    checkAnalyzable(p);
    return withAnalysisPermit(() -> withContent(p, tmp -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PprofExport.write(tmp, p.metadata().type(), all ? e -> true : EventSelection.requestFilter(p.metadata().labels()), out);
      return Response.bytes(200, "application/octet-stream", out.toByteArray()).attachment(p.id() + ".pb.gz");
    }));
  }

  Response list(Request req) throws IOException {
    QueryParams q = req.query().onlyKnown(LIST_PARAMS);
    ProfileQuery.Builder b = ProfileQuery.builder();
    for (String t : q.all("type")) {
      b.types(DebugHttp.parseType(t));
    }
    q.instant("since").ifPresent(b::since);
    q.instant("until").ifPresent(b::until);
    q.duration("minDuration").ifPresent(b::minDuration);
    labels(q, b);
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

  /** Adds each {@code label=k:v} parameter (split at the first {@code :}) to the query; 400 naming a bad one. */
  static void labels(QueryParams q, ProfileQuery.Builder b) {
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
  }

  Response download(StoredProfile p) throws IOException {
    InputStream in;
    try {
      in = storage.openContent(p.id());
    } catch (NoSuchProfileException gone) {
      throw HttpError.notFound("no profile with id '" + p.id() + "'");
    }
    return Response.stream(200, DebugHttp.contentType(p.metadata().format()), p.sizeBytes(), in::transferTo)
        .attachment(p.id() + "." + p.metadata().format())
        .whenSent(() -> {
          try {
            in.close();
          } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing profile " + p.id() + ": " + e);
          }
        });
  }

  Response top(StoredProfile p, QueryParams q) throws IOException {
    int n = q.intIn("n", 20, 1, 1000);
    return analyze(p, q, sp -> {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%s profile %s: %d events, %s%s%n", p.metadata().type().wireName(), p.id(),
          sp.events(), sp.format(sp.totalWeight()), scopeNote(p, q)));
      requestLine(p.metadata().labels()).ifPresent(line -> sb.append(line).append('\n'));
      sp.fewSamples().ifPresent(w -> sb.append("WARNING: ").append(w).append('\n'));
      sb.append(String.format(Locale.ROOT, "%8s %8s %8s %8s  %s%n", "self%", "self", "total%", "total", "method"));
      for (MethodStat m : sp.topSelf(n)) {
        sb.append(String.format(Locale.ROOT, "%7.2f%% %8d %7.2f%% %8d  %s%n", m.selfPercent(), m.self(),
            m.totalPercent(), m.total(), m.method()));
      }
      sp.coverage().ifPresent(c -> {
        sb.append(c.summary()).append('\n');
        c.warning().ifPresent(w -> sb.append("WARNING: ").append(w).append('\n'));
      });
      return Response.text(sb.toString());
    });
  }

  Response diff(Request req) throws IOException {
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

  Response gc(Request req) throws IOException {
    StoredProfile p = profile(req.pathParam("id"), "profile");
    boolean text = MemoryEndpoints.format(req.query().onlyKnown(java.util.List.of("format")));
    if (!p.metadata().format().equals("jfr")) {
      throw HttpError.badRequest("profile " + p.id() + " is " + p.metadata().format() + ", not a recording; it has no GC events");
    }
    return withAnalysisPermit(() -> withContent(p, file -> MemoryEndpoints.render(GcReport.read(file), text)));
  }

  /**
   * The I/O report of a stored recording: a request's snapshot reports that request's waits
   * unless {@code scope=all}.
   */
  Response io(Request req) throws IOException {
    StoredProfile p = profile(req.pathParam("id"), "profile");
    QueryParams q = req.query().onlyKnown(java.util.List.of("group", "top", "format", "scope"));
    IoQuery io = IoQuery.of(q);
    boolean all = scopeAll(q);
    if (!p.metadata().format().equals("jfr")) {
      throw HttpError.badRequest("profile " + p.id() + " is " + p.metadata().format() + ", not a recording; it has no I/O events");
    }
    return withAnalysisPermit(() -> withContent(p, file ->
        io.render(IoReport.read(file, all ? e -> true : EventSelection.requestFilter(p.metadata().labels()), io.grouping(), io.top()))));
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

  /** Reads a copy of a stored recording. */
  private interface FileWork<T> {
    T apply(Path file) throws IOException;
  }

  /** The profile's stacks. */
  private StackProfile parse(StoredProfile p, boolean all) throws IOException {
    return withContent(p, tmp ->
        StackProfile.read(tmp, p.metadata().type(), all ? e -> true : EventSelection.requestFilter(p.metadata().labels())));
  }

  /** Runs {@code work} on the profile's content copied to a temporary file, then deletes the file. */
  private <T> T withContent(StoredProfile p, FileWork<T> work) throws IOException {
    Path tmp = Files.createTempFile("perfkit-analysis", ".jfr");
    try {
      try (InputStream in = storage.openContent(p.id())) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      } catch (NoSuchProfileException gone) {
        throw HttpError.notFound("no profile with id '" + p.id() + "'");
      }
      return work.apply(tmp);
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

  /**
   * Where a request's time went, from its snapshot's labels: its duration, its thread's CPU time,
   * the container's throttling and its I/O wait, each when known.
   */
  static Optional<String> requestLine(Labels labels) {
    Optional<String> duration = labels.get(ProfileLabels.DURATION_MS);
    if (!EventSelection.isRequestSnapshot(labels) || duration.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder("request");
    labels.get(ProfileLabels.METHOD).ifPresent(m -> sb.append(' ').append(m));
    labels.get(ProfileLabels.PATH).ifPresent(path -> sb.append(' ').append(path));
    sb.append(": ").append(duration.get()).append(" ms");
    labels.get(ProfileLabels.CPU_MS).ifPresent(ms -> sb.append(", on CPU ").append(ms).append(" ms"));
    labels.get(ProfileLabels.CPU_THROTTLED_MS).ifPresent(ms -> sb.append(", held back by the CPU quota ").append(ms).append(" ms"));
    labels.get(ProfileLabels.IO_WAIT_MS).ifPresent(ms -> sb.append(", waiting on I/O ").append(ms).append(" ms")
        .append(labels.get(ProfileLabels.IO_TARGET).map(t -> " (longest on " + t + ")").orElse("")));
    return Optional.of(sb.toString());
  }

  private static String title(StoredProfile p) {
    return p.metadata().type().wireName() + " " + p.id() + p.metadata().labels().get(ProfileLabels.PATH).map(s -> " " + s).orElse("");
  }

  /** A stored profile by id; {@code what} names the parameter in errors. */
  StoredProfile profile(String id, String what) throws IOException {
    if (!Identifiers.isValidProfileId(id)) {
      throw HttpError.badRequest(what + " id " + Identifiers.quote(id) + " is invalid; ids are 1 to 128 of [A-Za-z0-9_-]");
    }
    return storage.find(id).orElseThrow(() -> HttpError.notFound("no profile with id '" + id + "'"));
  }


  /**
   * The storage, its I/O failures answered as 503 with the storage's own message (which names
   * the directory, or the endpoint and bucket) instead of a bare 500: a bucket that is down is
   * not a bug of the endpoint, and the caller may retry. An unknown id stays a 404.
   */
  private static final class Unavailable implements ProfileStorage {
    private final ProfileStorage storage;

    Unavailable(ProfileStorage storage) {
      this.storage = storage;
    }

    private static HttpError unavailable(IOException e) {
      return new HttpError(503, "profile storage unavailable: " + e.getMessage()).header("Retry-After", "5");
    }

    @Override
    public StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException {
      return storage.store(metadata, content);
    }

    @Override
    public List<StoredProfile> query(ProfileQuery query) {
      try {
        return storage.query(query);
      } catch (IOException e) {
        throw unavailable(e);
      }
    }

    @Override
    public Optional<StoredProfile> find(String id) {
      try {
        return storage.find(id);
      } catch (IOException e) {
        throw unavailable(e);
      }
    }

    @Override
    public InputStream openContent(String id) throws IOException {
      try {
        return storage.openContent(id);
      } catch (NoSuchProfileException e) {
        throw e;
      } catch (IOException e) {
        throw unavailable(e);
      }
    }

    @Override
    public boolean delete(String id) throws IOException {
      return storage.delete(id);
    }

    @Override
    public int applyRetention() throws IOException {
      return storage.applyRetention();
    }

    @Override
    public void close() throws IOException {
      storage.close();
    }
  }
}
