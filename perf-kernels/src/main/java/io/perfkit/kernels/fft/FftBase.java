package io.perfkit.kernels.fft;

import io.perfkit.api.kernel.FftKernel;
import io.perfkit.kernels.internal.Checks;
import io.perfkit.kernels.internal.Chunks;
import java.util.concurrent.ConcurrentHashMap;

/** What the FFT variants share: the inverse by conjugation, and exact twiddle tables. */
abstract class FftBase implements FftKernel {

  /**
   * Points per cache block of the blocked transforms: 2¹⁴ complex points are 256 KiB, a quarter
   * of a core's L2 on common x86 parts, and an even number of stages, so radix-2 stages pair up
   * inside a block and outside it.
   */
  static final int BLOCK = 1 << 14;

  private static final ConcurrentHashMap<Integer, double[]> TWIDDLES = new ConcurrentHashMap<>();

  /** Inverse = conj(forward(conj(x))) / n. */
  @Override
  public void inverse(double[] data) {
    int n = Checks.fft(data, !needsPowerOfTwo());
    for (int i = 1; i < data.length; i += 2) {
      data[i] = -data[i];
    }
    forward(data);
    double scale = 1.0 / n;
    for (int i = 0; i < data.length; i += 2) {
      data[i] *= scale;
      data[i + 1] = -data[i + 1] * scale;
    }
  }

  boolean needsPowerOfTwo() {
    return true;
  }

  /**
   * cos and −sin of 2πk/n for k &lt; n/2, interleaved, each computed directly (building them by
   * repeated multiplication would accumulate error).
   */
  static double[] twiddles(int n) {
    return TWIDDLES.computeIfAbsent(n, size -> {
      double[] t = new double[Math.max(2, size)];
      for (int k = 0; k < size / 2; k++) {
        double angle = -2 * Math.PI * k / size;
        t[2 * k] = Math.cos(angle);
        t[2 * k + 1] = Math.sin(angle);
      }
      return t;
    });
  }

  /** log₂ of the side of the tiles the blocked bit reversal moves: 32 points, 512 bytes a row. */
  private static final int TILE_BITS = 5;

  /**
   * Puts point i at index reverse(i). Below 2¹² points the array sits in L1 and a pairwise swap
   * is fastest; above, the swap touches a new cache line (and a new page) for almost every point,
   * so the points move in tiles instead.
   */
  static void bitReverse(double[] d, int n) {
    int bits = Integer.numberOfTrailingZeros(n);
    if (bits >= 2 * TILE_BITS + 2) {
      blockedBitReverse(d, bits, 0, 1 << (bits - 2 * TILE_BITS));
      return;
    }
    for (int i = 0; i < n; i++) {
      int j = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
      if (j > i) {
        double re = d[2 * i];
        double im = d[2 * i + 1];
        d[2 * i] = d[2 * j];
        d[2 * i + 1] = d[2 * j + 1];
        d[2 * j] = re;
        d[2 * j + 1] = im;
      }
    }
  }

  /**
   * Write an index as (a, b, c): the top and bottom {@value #TILE_BITS} bits and the middle ones.
   * Its reversal is (rev c, rev b, rev a), so the points whose middle bits are b form a tile of
   * rows a and columns c, each row contiguous in memory, and they land, transposed, in the tile
   * of middle bits rev b. Tiles b and rev b are read whole into two buffers and written back
   * swapped: every access moves a run of 32 points instead of one.
   */
  private static void blockedBitReverse(double[] d, int bits, int midFrom, int midTo) {
    int side = 1 << TILE_BITS;
    int midBits = bits - 2 * TILE_BITS;
    int[] rev = new int[side];
    for (int i = 0; i < side; i++) {
      rev[i] = Integer.reverse(i) >>> (32 - TILE_BITS);
    }
    double[] first = new double[2 * side * side];
    double[] second = new double[2 * side * side];
    for (int b = midFrom; b < midTo; b++) {
      int rb = Integer.reverse(b) >>> (32 - midBits);
      if (rb < b) {
        continue;
      }
      readTile(d, bits, b, first);
      if (rb == b) {
        writeTile(d, bits, b, first, rev);
      } else {
        readTile(d, bits, rb, second);
        writeTile(d, bits, b, second, rev);
        writeTile(d, bits, rb, first, rev);
      }
    }
  }

  /**
   * The bit reversal with the tile pairs shared out as {@link Chunks}: each pair belongs to the
   * chunk holding its lower index, so no two chunks touch the same points.
   */
  static void bitReverseParallel(double[] d, int n, int tasks) {
    int bits = Integer.numberOfTrailingZeros(n);
    if (bits < 2 * TILE_BITS + 2) {
      bitReverse(d, n);
      return;
    }
    int tiles = 1 << (bits - 2 * TILE_BITS);
    int parts = Math.min(tasks, tiles);
    Chunks.run(parts, p ->
        blockedBitReverse(d, bits, (int) ((long) tiles * p / parts), (int) ((long) tiles * (p + 1) / parts)));
  }

  private static void readTile(double[] d, int bits, int mid, double[] tile) {
    int side = 1 << TILE_BITS;
    for (int a = 0; a < side; a++) {
      int from = (a << (bits - TILE_BITS)) | (mid << TILE_BITS);
      System.arraycopy(d, 2 * from, tile, 2 * a * side, 2 * side);
    }
  }

  /** Row r, column s of the tile at {@code mid} takes point (rev s, rev r) of the tile read. */
  private static void writeTile(double[] d, int bits, int mid, double[] tile, int[] rev) {
    int side = 1 << TILE_BITS;
    for (int r = 0; r < side; r++) {
      int to = 2 * ((r << (bits - TILE_BITS)) | (mid << TILE_BITS));
      int column = 2 * rev[r];
      for (int s = 0; s < side; s++) {
        int from = 2 * rev[s] * side + column;
        d[to + 2 * s] = tile[from];
        d[to + 2 * s + 1] = tile[from + 1];
      }
    }
  }

  /** One radix-2 stage of butterflies of size {@code len}, for the blocks [blockFrom, blockTo). */
  static void stage(double[] d, int n, int len, double[] tw, int blockFrom, int blockTo) {
    for (int block = blockFrom; block < blockTo; block++) {
      butterflies(d, n, len, tw, block * len, 0, len / 2);
    }
  }

  /** The butterflies k in [kFrom, kTo) of the block of size {@code len} starting at point {@code start}. */
  static void butterflies(double[] d, int n, int len, double[] tw, int start, int kFrom, int kTo) {
    int half = len / 2;
    int stride = n / len;
    for (int k = kFrom; k < kTo; k++) {
      double wr = tw[2 * k * stride];
      double wi = tw[2 * k * stride + 1];
      int u = 2 * (start + k);
      int v = 2 * (start + k + half);
      double xr = d[v] * wr - d[v + 1] * wi;
      double xi = d[v] * wi + d[v + 1] * wr;
      d[v] = d[u] - xr;
      d[v + 1] = d[u + 1] - xi;
      d[u] += xr;
      d[u + 1] += xi;
    }
  }
}
