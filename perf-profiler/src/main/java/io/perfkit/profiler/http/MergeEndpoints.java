package io.perfkit.profiler.http;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.perfkit.api.Identifiers;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.http.HttpError;
import io.perfkit.http.QueryParams;
import io.perfkit.http.Request;
import io.perfkit.http.Response;
import io.perfkit.profiler.analysis.CostDiff;
import io.perfkit.profiler.analysis.FlameGraph;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.PprofExport;
import io.perfkit.profiler.analysis.ProfileDiff;
import io.perfkit.profiler.analysis.ProfileMerge;
import io.perfkit.profiler.analysis.StackProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code /debug/merge} and {@code /debug/merge/diff}: every stored profile a query matches,
 * merged ({@link ProfileMerge}) into one {@code top}, flame graph, pprof or collapsed text, and
 * two windows compared. Merges run on threads of their own, never on the HTTP handler's, at most
 * {@code maxMerges} at once; one past that gets 429 with {@code Retry-After} at once.
 */
final class MergeEndpoints implements AutoCloseable {

  private static final List<String> MERGE_PARAMS = List.of("type", "since", "until", "label", "view", "n");
  private static final List<String> DIFF_PARAMS =
      List.of("type", "label", "base.since", "base.until", "target.since", "target.until", "format", "n");

  private final ProfileMerge merge;
  private final int maxMerges;
  private final Semaphore permits;
  private final ExecutorService workers;

  MergeEndpoints(ProfileStorage storage, int maxProfiles, int maxMerges) {
    this.merge = ProfileMerge.builder(storage).maxProfiles(maxProfiles).build();
    this.maxMerges = maxMerges;
    this.permits = new Semaphore(maxMerges);
    this.workers = new ThreadPoolExecutor(0, maxMerges, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        new ThreadFactoryBuilder().setNameFormat("perfkit-merge-%d").setDaemon(true).build());
  }

  /** {@code GET /debug/merge?type=cpu&since=&until=&label=k:v&view=top|flame|pprof|collapsed&n=20}. */
  Response merge(Request req) {
    QueryParams q = req.query().onlyKnown(MERGE_PARAMS);
    ProfileQuery query = window(q, "", type(q));
    String view = q.one("view").orElse("top");
    if (!List.of("top", "flame", "pprof", "collapsed").contains(view)) {
      throw HttpError.badRequest("view " + Identifiers.quote(view) + " is unknown; use top, flame, pprof or collapsed");
    }
    int n = q.intIn("n", 20, 1, 1000);
    return off(() -> {
      ProfileMerge.Result r = merge.merge(query);
      StackProfile p = r.profile();
      Response answer;
      switch (view) {
        case "flame":
          answer = Response.html(FlameGraph.html(title(r), p));
          break;
        case "pprof": {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          long start = r.merged().isEmpty() ? 0 : r.merged().get(r.merged().size() - 1).metadata().start().toEpochMilli();
          PprofExport.write(p, p.periodNanos(), start * 1_000_000L, Math.round(r.seconds() * 1e9), out);
          answer = Response.bytes(200, "application/octet-stream", out.toByteArray()).attachment("merge.pb.gz");
          break;
        }
        case "collapsed":
          answer = Response.text(200, "text/plain; charset=utf-8", p.tree().collapsed());
          break;
        default:
          answer = Response.text(top(r, n));
          break;
      }
      return counted(answer, r);
    });
  }

  /**
   * {@code GET /debug/merge/diff?type=cpu&label=k:v&base.since=&base.until=&target.since=&target.until=&format=text|html}:
   * the cost per second of each method in the target window against the base window, as text,
   * or the differential flame graph of their shares with {@code format=html}.
   */
  Response diff(Request req) {
    QueryParams q = req.query().onlyKnown(DIFF_PARAMS);
    ProfileType type = type(q);
    ProfileQuery base = window(q, "base.", type);
    ProfileQuery target = window(q, "target.", type);
    String format = q.one("format").orElse("text");
    if (!format.equals("text") && !format.equals("html")) {
      throw HttpError.badRequest("format " + Identifiers.quote(format) + " is unknown; use text or html");
    }
    int n = q.intIn("n", 30, 1, 1000);
    return off(() -> {
      ProfileMerge.Result b = merge.merge(base);
      ProfileMerge.Result t = merge.merge(target);
      if (b.merged().isEmpty() || t.merged().isEmpty()) {
        throw HttpError.notFound("the " + (b.merged().isEmpty() ? "base" : "target") + " window holds no "
            + type.wireName() + " profiles to read");
      }
      Response answer = format.equals("html")
          ? Response.html(FlameGraph.diffHtml(type.wireName() + " merge diff", ProfileDiff.of(b.profile(), t.profile())))
          : Response.text(String.format(Locale.ROOT, "base: %s, %.0f s; target: %s, %.0f s%n",
              profiles(b.merged().size()), b.seconds(), profiles(t.merged().size()), t.seconds())
              + CostDiff.perSecond(b.profile(), b.seconds(), t.profile(), t.seconds()).report(n));
      return answer.header("X-Perfkit-Skipped", Integer.toString(b.skipped().size() + t.skipped().size()));
    });
  }

  private static ProfileType type(QueryParams q) {
    return DebugHttp.parseType(q.one("type").orElseThrow(() -> HttpError.badRequest(
        "parameter 'type' is required: the one profile type to merge (cpu, allocation, lock, io)")));
  }

  /** The query of one window: the type, {@code PREFIXsince}, {@code PREFIXuntil} and the labels. */
  private static ProfileQuery window(QueryParams q, String prefix, ProfileType type) {
    ProfileQuery.Builder b = ProfileQuery.builder().types(type);
    q.instant(prefix + "since").ifPresent(b::since);
    q.instant(prefix + "until").ifPresent(b::until);
    StoredProfileEndpoints.labels(q, b);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(e.getMessage());
    }
  }

  private static String title(ProfileMerge.Result r) {
    return String.format(Locale.ROOT, "%s merge of %s (%d skipped)", r.type().wireName(), profiles(r.merged().size()),
        r.skipped().size());
  }

  private static String profiles(int n) {
    return n + (n == 1 ? " profile" : " profiles");
  }

  private static String top(ProfileMerge.Result r, int n) {
    StackProfile p = r.profile();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: %d events, %s over %.0f s%n", title(r),
        p.events(), p.format(p.totalWeight()), r.seconds()));
    sb.append(String.format(Locale.ROOT, "%8s %8s %8s %8s  %s%n", "self%", "self", "total%", "total", "method"));
    for (MethodStat m : p.topSelf(n)) {
      sb.append(String.format(Locale.ROOT, "%7.2f%% %8d %7.2f%% %8d  %s%n", m.selfPercent(), m.self(), m.totalPercent(),
          m.total(), m.method()));
    }
    return sb.toString();
  }

  private static Response counted(Response answer, ProfileMerge.Result r) {
    return answer.header("X-Perfkit-Merged", Integer.toString(r.merged().size()))
        .header("X-Perfkit-Skipped", Integer.toString(r.skipped().size()));
  }

  /** Work that answers a merge request. */
  private interface Work {
    Response run() throws IOException;
  }

  /** Runs {@code work} on a merge thread, or answers 429 at once when {@code maxMerges} run. */
  private Response off(Work work) {
    if (!permits.tryAcquire()) {
      throw new HttpError(429, maxMerges + " merges are running (the limit); retry shortly").header("Retry-After", "1");
    }
    CompletableFuture<Response> answer;
    try {
      answer = CompletableFuture.supplyAsync(() -> {
        try {
          return work.run();
        } catch (IllegalArgumentException e) {
          throw new CompletionException(HttpError.badRequest(e.getMessage()));
        } catch (IOException e) {
          throw new CompletionException(new HttpError(503, "profile storage unavailable: " + e.getMessage())
              .header("Retry-After", "5"));
        } catch (UncheckedIOException e) {
          throw new CompletionException(new HttpError(503, "profile storage unavailable: " + e.getCause().getMessage())
              .header("Retry-After", "5"));
        } finally {
          permits.release();
        }
      }, workers);
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
    return Response.later(answer);
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
