package io.perfkit.examples;

/** Bad command-line arguments; the message names the bad one. */
final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
