package io.perfkit.kernels.internal;

import java.util.Optional;

/** Whether the Vector API can be used: the module is in the boot layer and its classes load. */
public final class Vectors {

  private static final Optional<String> UNAVAILABLE = check();

  private Vectors() {}

  private static Optional<String> check() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return Optional.of("needs --add-modules jdk.incubator.vector");
    }
    try {
      Class.forName("jdk.incubator.vector.DoubleVector");
      return Optional.empty();
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.of("the Vector API failed to load: " + e);
    }
  }

  /** Empty when SIMD variants can run; otherwise why not. */
  public static Optional<String> unavailableReason() {
    return UNAVAILABLE;
  }

  public static void require() {
    if (UNAVAILABLE.isPresent()) {
      throw new IllegalStateException("SIMD kernel unavailable: " + UNAVAILABLE.get());
    }
  }
}
