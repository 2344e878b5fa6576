package io.perfkit.api.storage;

import java.io.IOException;

/** Thrown when a storage holds no profile with the given id. */
public final class NoSuchProfileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String id;

  public NoSuchProfileException(String id) {
    super("no profile with id '" + id + "'");
    this.id = id;
  }

  /** The id that was asked for. */
  public String id() {
    return id;
  }
}
