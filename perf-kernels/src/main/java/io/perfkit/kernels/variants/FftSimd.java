package io.perfkit.kernels.variants;

import java.util.Optional;

/**
 * Radix-2 with the butterflies on the Vector API: each vector holds several interleaved complex
 * points, and per-stage twiddle tables (real parts duplicated, imaginary parts signed) make the
 * complex multiply two FMAs and a lane swap. Stages narrower than a vector run scalar.
 */
public final class FftSimd extends FftBase {
  @Override
  public String variant() {
    return "simd";
  }

  @Override
  public String description() {
    return "radix-2 with Vector API butterflies over per-stage twiddle tables";
  }

  @Override
  public Optional<String> unavailableReason() {
    return Vectors.unavailableReason();
  }

  @Override
  public void forward(double[] data) {
    int n = Checks.fft(data, false);
    Vectors.require();
    VectorFft.forward(data, n);
  }
}
