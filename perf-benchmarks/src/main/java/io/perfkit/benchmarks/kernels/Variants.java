package io.perfkit.benchmarks.kernels;

import io.perfkit.api.kernel.Kernel;

/** The benchmarks reach each variant by its key, as the race does. */
final class Variants {

  private Variants() {}

  /**
   * @throws IllegalStateException when the variant is missing or cannot run here, so a setup
   *     fails loudly rather than measure something else
   */
  static <T extends Kernel> T get(String key, Class<T> type) {
    Kernel k = Kernel.installed().find(key)
        .orElseThrow(() -> new IllegalStateException("no kernel " + key + " is installed"));
    k.unavailableReason().ifPresent(reason -> {
      throw new IllegalStateException(key + " cannot run here: " + reason);
    });
    return type.cast(k);
  }
}
