package io.perfkit.kernels.fft;

import io.perfkit.kernels.internal.Checks;
import io.perfkit.kernels.internal.Vectors;
import java.util.Optional;

/**
 * Radix-2² on the Vector API: two radix-2 stages per pass over the data (a radix-4 memory
 * pattern), each vector holding several interleaved complex points; per-stage twiddle tables (real
 * parts duplicated, imaginary parts signed) make the complex multiply two FMAs and a lane swap.
 * The first two stages are additions; the bit reversal moves tiles; stages up to
 * {@value FftBase#BLOCK} points run block by block while the block sits in L2.
 */
public final class FftSimd extends FftBase {
  @Override
  public String variant() {
    return "simd";
  }

  @Override
  public String description() {
    return "radix-2² passes on the Vector API, cache-blocked, tiled bit reversal";
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
