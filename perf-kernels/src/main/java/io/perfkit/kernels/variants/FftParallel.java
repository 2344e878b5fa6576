package io.perfkit.kernels.variants;

import java.util.stream.IntStream;

/**
 * The iterative FFT with each stage's independent blocks spread over the common pool; from
 * {@value #THRESHOLD} points up, sequential below.
 */
public final class FftParallel extends FftBase {

  static final int THRESHOLD = 1 << 15;

  @Override
  public String variant() {
    return "parallel";
  }

  @Override
  public String description() {
    return "iterative radix-2 with stages split across cores from " + THRESHOLD + " points";
  }

  @Override
  public void forward(double[] data) {
    int n = Checks.fft(data, false);
    if (n < THRESHOLD) {
      FftIterative.transform(data, n);
      return;
    }
    bitReverse(data, n);
    double[] tw = twiddles(n);
    int parts = Math.max(2, Runtime.getRuntime().availableProcessors() * 4);
    for (int len = 2; len <= n; len <<= 1) {
      int blocks = n / len;
      int stageLen = len;
      if (blocks >= parts) {
        int per = blocks / parts;
        IntStream.range(0, parts).parallel().forEach(p ->
            stage(data, n, stageLen, tw, p * per, p == parts - 1 ? blocks : (p + 1) * per));
      } else {
        // few large blocks: split each block's butterflies instead
        int half = len / 2;
        int per = Math.max(1, half / parts);
        for (int block = 0; block < blocks; block++) {
          int start = block * len;
          IntStream.range(0, (half + per - 1) / per).parallel().forEach(p ->
              butterflies(data, n, stageLen, tw, start, p * per, Math.min(half, (p + 1) * per)));
        }
      }
    }
  }
}
