package io.perfkit.profiler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Identifiers;
import io.perfkit.api.Labels;
import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.profiler.analysis.FlameGraph;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.PprofExport;
import io.perfkit.profiler.analysis.ProfileDiff;
import io.perfkit.profiler.analysis.StackProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pprof-style HTTP endpoints, on the JDK's {@code com.sun.net.httpserver}; mount them on the
 * same server as the monitor's endpoints.
 *
 * <ul>
 *   <li>{@code GET /debug/profile?type=cpu&seconds=N}: a fresh capture as {@code .jfr} (a thread
 *       dump as text); {@code seconds} defaults to 10 and is capped (60 by default);</li>
 *   <li>{@code GET /debug/threads}: a thread dump, as text;</li>
 *   <li>{@code GET /debug/profiles?type=&since=&until=&minDuration=&label=k:v&limit=}: stored
 *       profiles as a JSON array, newest first, of {@code {"id", "type", "start", "durationMs",
 *       "format", "sizeBytes", "labels"}}. {@code type} takes the lower-case type names,
 *       case-insensitively, and may repeat; {@code since} and {@code until} are ISO-8601 instants;
 *       {@code minDuration} is an ISO-8601 duration ({@code PT0.5S}) or milliseconds;
 *       {@code label=k:v} splits at the first {@code :} and may repeat (all must match);
 *       {@code limit} defaults to 100 and is capped at 1000;</li>
 *   <li>{@code GET /debug/profiles/{id}}: the content;</li>
 *   <li>{@code GET /debug/profiles/{id}/top?n=20}: the top methods, as text; a request's
 *       snapshot is summarized from that request's thread and span unless {@code scope=all};</li>
 *   <li>{@code GET /debug/profiles/{id}/flame}: the interactive flame graph;</li>
 *   <li>{@code GET /debug/profiles/{id}/pprof}: gzipped {@code profile.proto};</li>
 *   <li>{@code GET /debug/diff?base={id}&target={id}}: the diff as text, or the differential flame
 *       graph with {@code &format=html}.</li>
 * </ul>
 * With a bearer token set, every {@code /debug} path requires {@code Authorization: Bearer
 * TOKEN} (401 otherwise). Bad ids, parameters and types get a 4xx whose message names the value;
 * an id reaches storage only after {@link Identifiers#checkProfileId}. The server should be bound
 * to loopback unless a token protects it.
 */
public final class DebugHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Profiler profiler;
  private final ProfileStorage storage;
  private final String token;
  private final int maxSeconds;
  private final int maxLimit;

  private DebugHttp(Builder b) {
    this.profiler = b.profiler;
    this.storage = b.storage;
    this.token = b.token;
    this.maxSeconds = b.maxSeconds;
    this.maxLimit = b.maxLimit;
  }

  public static Builder builder(Profiler profiler, ProfileStorage storage) {
    return new Builder(profiler, storage);
  }

  /** Adds the {@code /debug} context to {@code server}. */
  public void mount(HttpServer server) {
    server.createContext("/debug", ex -> {
      try {
        handle(ex);
      } catch (HttpError e) {
        error(ex, e.status, e.getMessage());
      } catch (IOException e) {
        ex.close();
      } catch (RuntimeException e) {
        error(ex, 500, "internal error: " + e);
      }
    });
  }

  /** A response with a status and a message. */
  private static final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    if (token != null && !authorized(ex)) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"perfkit\"");
      throw new HttpError(401, "a bearer token is required for /debug");
    }
    if (!ex.getRequestMethod().equals("GET")) {
      ex.getResponseHeaders().set("Allow", "GET");
      throw new HttpError(405, "method " + ex.getRequestMethod() + " is not allowed; use GET");
    }
    String path = ex.getRequestURI().getRawPath();
    Map<String, List<String>> q = query(ex.getRequestURI().getRawQuery());
    if (path.equals("/debug/profile")) {
      capture(ex, q);
    } else if (path.equals("/debug/threads")) {
      send(ex, 200, "text/plain; charset=utf-8", ThreadDumps.dump().getBytes(StandardCharsets.UTF_8), null);
    } else if (path.equals("/debug/profiles") || path.equals("/debug/profiles/")) {
      list(ex, q);
    } else if (path.startsWith("/debug/profiles/")) {
      String[] parts = path.substring("/debug/profiles/".length()).split("/", -1);
      String id = decode(parts[0]);
      if (!Identifiers.isValidProfileId(id)) {
        throw new HttpError(400, "profile id " + Identifiers.quote(id) + " is invalid; ids are 1 to 128 of [A-Za-z0-9_-]");
      }
      StoredProfile p = storage.find(id).orElseThrow(() -> new HttpError(404, "no profile with id '" + id + "'"));
      String view = parts.length == 1 ? "" : parts[1];
      if (parts.length > 2) {
        throw new HttpError(404, "no endpoint at " + path);
      }
      switch (view) {
        case "":
          download(ex, p);
          break;
        case "top":
          top(ex, p, q);
          break;
        case "flame":
          withAnalysis(p, q, sp -> send(ex, 200, "text/html; charset=utf-8",
              FlameGraph.html(title(p), sp).getBytes(StandardCharsets.UTF_8), null));
          break;
        case "pprof":
          withAnalysis(p, q, sp -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PprofExport.write(sp, 20_000_000L, p.metadata().start().toEpochMilli() * 1_000_000L,
                p.metadata().duration().toNanos(), out);
            send(ex, 200, "application/octet-stream", out.toByteArray(), p.id() + ".pb.gz");
          });
          break;
        default:
          throw new HttpError(404, "no view '" + view + "' of a profile; views: top, flame, pprof");
      }
    } else if (path.equals("/debug/diff")) {
      diff(ex, q);
    } else {
      throw new HttpError(404, "no endpoint at " + path);
    }
  }

  private boolean authorized(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(h.substring(7).trim().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ endpoints

  private void capture(HttpExchange ex, Map<String, List<String>> q) throws IOException {
    ProfileType type = parseType(one(q, "type").orElse("cpu"));
    int seconds = intParam(q, "seconds", 10, 0, Integer.MAX_VALUE);
    boolean capped = seconds > maxSeconds;
    seconds = Math.min(seconds, maxSeconds);
    CaptureResult r;
    try {
      r = profiler.capture(type, Duration.ofSeconds(seconds), Labels.of("trigger", "http"))
          .get(seconds + 60L, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProfilerBusyException) {
        throw new HttpError(503, e.getCause().getMessage());
      }
      throw new HttpError(500, "capture failed: " + e.getCause());
    } catch (TimeoutException e) {
      throw new HttpError(504, "capture did not finish in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "interrupted");
    }
    if (capped) {
      ex.getResponseHeaders().set("X-Perfkit-Capped-Seconds", Integer.toString(maxSeconds));
    }
    try {
      send(ex, 200, contentType(r.metadata().format()), Files.readAllBytes(r.file()),
          type.wireName() + "-" + r.metadata().start().getEpochSecond() + "." + r.metadata().format());
    } finally {
      r.deleteFile();
    }
  }

  private void list(HttpExchange ex, Map<String, List<String>> q) throws IOException {
    for (String k : q.keySet()) {
      if (!List.of("type", "since", "until", "minDuration", "label", "limit").contains(k)) {
        throw new HttpError(400, "unknown parameter '" + k + "'; known: type, since, until, minDuration, label, limit");
      }
    }
    ProfileQuery.Builder b = ProfileQuery.builder();
    for (String t : q.getOrDefault("type", List.of())) {
      b.types(parseType(t));
    }
    one(q, "since").ifPresent(s -> b.since(instant("since", s)));
    one(q, "until").ifPresent(s -> b.until(instant("until", s)));
    one(q, "minDuration").ifPresent(s -> b.minDuration(duration(s)));
    for (String l : q.getOrDefault("label", List.of())) {
      int colon = l.indexOf(':');
      if (colon <= 0) {
        throw new HttpError(400, "label '" + l + "' is not key:value");
      }
      try {
        b.label(l.substring(0, colon), l.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new HttpError(400, e.getMessage());
      }
    }
    b.limit(Math.min(intParam(q, "limit", ProfileQuery.DEFAULT_LIMIT, 1, Integer.MAX_VALUE), maxLimit));
    ProfileQuery query;
    try {
      query = b.build();
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
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
    send(ex, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(out), null);
  }

  private void download(HttpExchange ex, StoredProfile p) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType(p.metadata().format()));
    ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + p.id() + "." + p.metadata().format() + "\"");
    ex.sendResponseHeaders(200, p.sizeBytes() == 0 ? -1 : p.sizeBytes());
    try (InputStream in = storage.openContent(p.id()); OutputStream out = ex.getResponseBody()) {
      in.transferTo(out);
    } catch (NoSuchProfileException gone) {
      // deleted between find and read: the client sees a short body
    }
    ex.close();
  }

  private void top(HttpExchange ex, StoredProfile p, Map<String, List<String>> q) throws IOException {
    int n = intParam(q, "n", 20, 1, 1000);
    withAnalysis(p, q, sp -> {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%s profile %s: %d events, %s%s%n", p.metadata().type().wireName(), p.id(),
          sp.events(), sp.format(sp.totalWeight()), scopeNote(p, q)));
      sb.append(String.format(Locale.ROOT, "%8s %8s %8s %8s  %s%n", "self%", "self", "total%", "total", "method"));
      for (MethodStat m : sp.topSelf(n)) {
        sb.append(String.format(Locale.ROOT, "%7.2f%% %8d %7.2f%% %8d  %s%n", m.selfPercent(), m.self(),
            m.totalPercent(), m.total(), m.method()));
      }
      send(ex, 200, "text/plain; charset=utf-8", sb.toString().getBytes(StandardCharsets.UTF_8), null);
    });
  }

  private void diff(HttpExchange ex, Map<String, List<String>> q) throws IOException {
    StoredProfile base = profileParam(q, "base");
    StoredProfile target = profileParam(q, "target");
    if (base.metadata().type() != target.metadata().type()) {
      throw new HttpError(400, "cannot diff a " + base.metadata().type().wireName() + " profile against a "
          + target.metadata().type().wireName() + " profile");
    }
    String format = one(q, "format").orElse("text");
    if (!format.equals("text") && !format.equals("html")) {
      throw new HttpError(400, "format '" + format + "' is unknown; use text or html");
    }
    withAnalysis(base, Map.of(), b -> withAnalysis(target, Map.of(), t -> {
      ProfileDiff d = ProfileDiff.of(b, t);
      if (format.equals("html")) {
        send(ex, 200, "text/html; charset=utf-8",
            FlameGraph.diffHtml("diff " + base.id() + " → " + target.id(), d).getBytes(StandardCharsets.UTF_8), null);
      } else {
        send(ex, 200, "text/plain; charset=utf-8", d.report(30).getBytes(StandardCharsets.UTF_8), null);
      }
    }));
  }

  // ------------------------------------------------------------------ helpers

  /** Work on a profile's analysis. */
  private interface AnalysisUse {
    void accept(StackProfile p) throws IOException;
  }

  private void withAnalysis(StoredProfile p, Map<String, List<String>> q, AnalysisUse use) throws IOException {
    ProfileType type = p.metadata().type();
    if (type == ProfileType.THREAD_DUMP || !p.metadata().format().equals("jfr")) {
      throw new HttpError(400, "profile " + p.id() + " is a " + type.wireName() + " (" + p.metadata().format()
          + "); it has no stacks to analyze");
    }
    Path tmp = Files.createTempFile("perfkit-analysis", ".jfr");
    try {
      try (InputStream in = storage.openContent(p.id())) {
        Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      boolean all = one(q, "scope").map("all"::equals).orElse(false);
      StackProfile sp = StackProfile.read(tmp, type, all ? e -> true : StackProfile.requestFilter(p.metadata().labels()));
      use.accept(sp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String scopeNote(StoredProfile p, Map<String, List<String>> q) {
    boolean all = one(q, "scope").map("all"::equals).orElse(false);
    if (!all && StackProfile.isRequestSnapshot(p.metadata().labels())) {
      return " (request on thread " + p.metadata().labels().get("thread").orElse("?") + " only; scope=all for every thread)";
    }
    return "";
  }

  private static String title(StoredProfile p) {
    return p.metadata().type().wireName() + " " + p.id() + p.metadata().labels().get("path").map(s -> " " + s).orElse("");
  }

  private StoredProfile profileParam(Map<String, List<String>> q, String name) throws IOException {
    String id = one(q, name).orElseThrow(() -> new HttpError(400, "parameter '" + name + "' (a profile id) is required"));
    if (!Identifiers.isValidProfileId(id)) {
      throw new HttpError(400, name + " profile id " + Identifiers.quote(id) + " is invalid");
    }
    return storage.find(id).orElseThrow(() -> new HttpError(404, "no profile with id '" + id + "'"));
  }

  private static ProfileType parseType(String s) {
    try {
      return ProfileType.parse(s);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    }
  }

  private static Instant instant(String name, String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new HttpError(400, name + " '" + s + "' is not an ISO-8601 instant such as 2026-11-27T10:00:00Z");
    }
  }

  private static Duration duration(String s) {
    try {
      if (s.matches("\\d+")) {
        return Duration.ofMillis(Long.parseLong(s));
      }
      Duration d = Duration.parse(s);
      if (d.isNegative()) {
        throw new HttpError(400, "minDuration '" + s + "' is negative");
      }
      return d;
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new HttpError(400, "minDuration '" + s + "' is neither an ISO-8601 duration (PT0.5S) nor milliseconds");
    }
  }

  private static int intParam(Map<String, List<String>> q, String name, int fallback, int min, int max) {
    String v = one(q, name).orElse(null);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new HttpError(400, name + " '" + v + "' must be a whole number from " + min + (max == Integer.MAX_VALUE ? "" : " to " + max));
  }

  private static java.util.Optional<String> one(Map<String, List<String>> q, String name) {
    List<String> v = q.get(name);
    if (v == null || v.isEmpty()) {
      return java.util.Optional.empty();
    }
    if (v.size() > 1) {
      throw new HttpError(400, "parameter '" + name + "' is given " + v.size() + " times");
    }
    return java.util.Optional.of(v.get(0));
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = decode(eq < 0 ? part : part.substring(0, eq));
      String v = eq < 0 ? "" : decode(part.substring(eq + 1));
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return q;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "'" + s + "' is not valid percent-encoding");
    }
  }

  private static String contentType(String format) {
    return format.equals("txt") ? "text/plain; charset=utf-8" : "application/octet-stream";
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body, String filename) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    if (filename != null) {
      ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  private static void error(HttpExchange ex, int status, String message) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("status", status);
    send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body), null);
  }

  /** Configures {@link DebugHttp}. */
  public static final class Builder {
    private final Profiler profiler;
    private final ProfileStorage storage;
    private String token;
    private int maxSeconds = 60;
    private int maxLimit = 1000;

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

    /** Longest capture {@code /debug/profile} takes (60 s). */
    public Builder maxCaptureSeconds(int seconds) {
      if (seconds < 1) {
        throw new IllegalArgumentException("max capture seconds " + seconds + " must be positive");
      }
      this.maxSeconds = seconds;
      return this;
    }

    public DebugHttp build() {
      return new DebugHttp(this);
    }
  }
}
