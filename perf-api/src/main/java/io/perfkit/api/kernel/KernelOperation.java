package io.perfkit.api.kernel;

import java.util.Locale;
import java.util.Objects;

/**
 * The operations kernels implement, each with the typed interface a variant implements, the
 * variant every other is verified against ({@link #oracle()}), and the floating-point work it
 * does at size {@code n}, which turns a time into GFLOP/s.
 */
public enum KernelOperation {
  /** Dot product of two vectors of length n: 2n flops (a multiply and an add per element). */
  DOT(DotKernel.class, "naive") {
    @Override
    public double flops(long n) {
      return 2.0 * n;
    }
  },
  /** Square n×n matrix product: 2n³ flops. */
  MATMUL(MatMulKernel.class, "naive") {
    @Override
    public double flops(long n) {
      return 2.0 * n * n * n;
    }
  },
  /**
   * Numerical integration over n intervals: counted as n integrand evaluations, so its
   * "GFLOP/s" reads as billions of points a second.
   */
  INTEGRATE(IntegrateKernel.class, "trapezoid") {
    @Override
    public double flops(long n) {
      return n;
    }
  },
  /** Complex FFT of n points: the conventional 5·n·log2(n) flops. */
  FFT(FftKernel.class, "recursive") {
    @Override
    public double flops(long n) {
      return n <= 1 ? 0 : 5.0 * n * (Math.log(n) / Math.log(2));
    }
  };

  private final Class<? extends Kernel> kernelType;
  private final String oracle;
  private final String wireName = name().toLowerCase(Locale.ROOT);

  KernelOperation(Class<? extends Kernel> kernelType, String oracle) {
    this.kernelType = kernelType;
    this.oracle = oracle;
  }

  /**
   * The variant every other is verified against: the plainest correct implementation
   * ({@code naive} for dot and matmul, {@code trapezoid} for integration, {@code recursive} for
   * FFT), whose speed is also the race's 1×.
   */
  public String oracle() {
    return oracle;
  }

  /** The typed interface a variant of this operation implements. */
  public Class<? extends Kernel> kernelType() {
    return kernelType;
  }

  /** The lower-case name ({@code dot}, {@code matmul}, {@code integrate}, {@code fft}). */
  public String wireName() {
    return wireName;
  }

  /** Floating-point operations done at size {@code n}. */
  public abstract double flops(long n);

  /**
   * Parses a wire name case-insensitively.
   *
   * @throws IllegalArgumentException naming the value
   */
  public static KernelOperation parse(String name) {
    Objects.requireNonNull(name, "operation");
    for (KernelOperation op : values()) {
      if (op.wireName.equalsIgnoreCase(name)) {
        return op;
      }
    }
    throw new IllegalArgumentException(
        "unknown kernel operation '" + name + "'; known: dot, matmul, integrate, fft");
  }
}
