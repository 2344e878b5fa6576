package io.perfkit.kernels.fft;

import io.perfkit.kernels.internal.Checks;
import io.perfkit.kernels.internal.Chunks;
import io.perfkit.kernels.internal.Vectors;

/**
 * The cache-blocked FFT on all cores, from {@value #THRESHOLD} points up (sequential below): the
 * tiled bit reversal split by tiles, then the blocks of {@value FftBase#BLOCK} points shared out
 * whole, then each stage wider than a block split by columns, all as {@link Chunks} on the caller
 * and the common pool. Uses the Vector API butterflies when the module is present, scalar ones
 * otherwise.
 */
public final class FftParallel extends FftBase {

  static final int THRESHOLD = 1 << 15;

  @Override
  public String variant() {
    return "parallel";
  }

  @Override
  public String description() {
    return "cache-blocked radix-2, blocks and wide stages split across cores from " + THRESHOLD + " points";
  }

  @Override
  public void forward(double[] data) {
    int n = Checks.fft(data, false);
    boolean simd = Vectors.unavailableReason().isEmpty();
    if (n < THRESHOLD) {
      if (simd) {
        VectorFft.forward(data, n);
      } else {
        FftIterative.transform(data, n);
      }
      return;
    }
    int tasks = 4 * Chunks.threads();
    bitReverseParallel(data, n, tasks);
    double[] tw = twiddles(n);
    Chunks.run(n / BLOCK, b -> {
      if (simd) {
        VectorFft.block(data, n, b * BLOCK, (b + 1) * BLOCK);
      } else {
        for (int len = 2; len <= BLOCK; len <<= 1) {
          stage(data, n, len, tw, b * BLOCK / len, (b + 1) * BLOCK / len);
        }
      }
    });
    int len = 2 * BLOCK;
    while (len <= n) {
      int stageLen = len;
      if (simd) {
        Chunks.run(tasks, p -> VectorFft.widePass(data, n, stageLen, p, tasks));
        len = VectorFft.nextWideLen(n, len);
      } else {
        int half = len / 2;
        Chunks.run(tasks, p -> {
          int kFrom = (int) ((long) half * p / tasks);
          int kTo = (int) ((long) half * (p + 1) / tasks);
          for (int start = 0; start < n; start += stageLen) {
            butterflies(data, n, stageLen, tw, start, kFrom, kTo);
          }
        });
        len <<= 1;
      }
    }
  }
}
