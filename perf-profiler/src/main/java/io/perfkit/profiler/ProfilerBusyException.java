package io.perfkit.profiler;

/** A capture was refused because a limit was reached; the message says which. */
public final class ProfilerBusyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ProfilerBusyException(String message) {
    super(message);
  }
}
