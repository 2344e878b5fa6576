package io.perfkit.profiler.capture;

import java.time.Duration;
import java.util.Objects;

/**
 * A capture was refused at once because it cannot start now; the message says why, and
 * {@link #retryAfter()} when it could.
 */
public final class ProfilerBusyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a capture was refused. */
  public enum Reason {
    /** As many recordings as the profiler allows are running. */
    CONCURRENCY_LIMIT,
    /** A capture of the same type is running and ends before the window asked for does. */
    WINDOW_NOT_COVERED
  }

  private final Reason reason;
  private final Duration retryAfter;

  public ProfilerBusyException(Reason reason, Duration retryAfter, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.retryAfter = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
  }

  public Reason reason() {
    return reason;
  }

  /** How long until the recording in the way ends (zero or more). */
  public Duration retryAfter() {
    return retryAfter;
  }
}
