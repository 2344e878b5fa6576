package io.perfkit.profiler.http;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.http.HttpError;
import io.perfkit.http.QueryParams;
import io.perfkit.http.Request;
import io.perfkit.http.Response;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.capture.ProfilerBusyException;
import io.perfkit.profiler.capture.ThreadDumps;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code /debug/profile}: a fresh capture that never holds an HTTP handler thread. The handler
 * starts the capture (or joins one running whose window covers the request) and returns; the
 * answer is sent from this endpoint's own delivery threads when the recording ends, and at most
 * {@code maxPending} answers wait at once. See {@link DebugHttp} for the statuses.
 */
final class CaptureEndpoint implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(CaptureEndpoint.class.getName());

  private final Profiler profiler;
  private final int maxSeconds;
  private final int maxPending;
  private final Semaphore pending;
  private final ThreadPoolExecutor delivery;
  private volatile boolean closed;

  CaptureEndpoint(Profiler profiler, int maxSeconds, int maxPending) {
    this.profiler = profiler;
    this.maxSeconds = (int) Math.max(1, Math.min(maxSeconds, profiler.maxDuration().toSeconds()));
    this.maxPending = maxPending;
    this.pending = new Semaphore(maxPending);
    this.delivery = new ThreadPoolExecutor(2, 2, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(maxPending + 2),
        new ThreadFactoryBuilder().setNameFormat("perfkit-debug-delivery-%d").setDaemon(true).build(),
        // never reached while open (at most maxPending answers wait); after close() the answer
        // is still given, on the thread that completed the capture, so no exchange is left open
        (task, executor) -> task.run());
    this.delivery.allowCoreThreadTimeOut(true);
  }

  /** Captures whose answers are pending now. */
  int pendingCaptures() {
    return maxPending - pending.availablePermits();
  }

  Response capture(Request req) {
    QueryParams q = req.query().onlyKnown(List.of("type", "seconds"));
    ProfileType type = DebugHttp.parseType(q.one("type").orElse("cpu"));
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
    return Response.stream(200, DebugHttp.contentType(r.metadata().format()), size, out -> Files.copy(r.file(), out))
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

  /** Stops the delivery threads; answers still pending get 503. */
  @Override
  public void close() {
    closed = true;
    MoreExecutors.shutdownAndAwaitTermination(delivery, Duration.ofSeconds(2));
  }
}
