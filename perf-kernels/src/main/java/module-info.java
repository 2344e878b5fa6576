/**
 * Numeric kernels in several variants each (dot product, matrix multiply, integration, FFT),
 * one package per operation, the harness that verifies every variant against its operation's
 * oracle within the accuracy it declares and races them, and
 * {@link io.perfkit.kernels.Kernels}, which picks the fastest verified variant per size.
 * SIMD variants use {@code jdk.incubator.vector} when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, and are skipped otherwise.
 *
 * @provides io.perfkit.api.kernel.Kernel every variant
 */
// HdrHistogram is an automatic module named after its jar.
@SuppressWarnings("requires-automatic")
module io.perfkit.kernels {
  requires transitive io.perfkit.api;
  requires static transitive jdk.incubator.vector;
  // asks HotSpot whether the CPU fuses multiply-add; without it the SIMD kernels assume it does
  requires static jdk.management;
  requires HdrHistogram;

  exports io.perfkit.kernels;
  // the benchmarks integrate the same vectorizable integrand the race verifies with
  exports io.perfkit.kernels.internal to io.perfkit.benchmarks;

  provides io.perfkit.api.kernel.Kernel with
      io.perfkit.kernels.dot.DotNaive,
      io.perfkit.kernels.dot.DotUnrolled,
      io.perfkit.kernels.dot.DotParallel,
      io.perfkit.kernels.dot.DotSimd,
      io.perfkit.kernels.matmul.MatMulNaive,
      io.perfkit.kernels.matmul.MatMulIkj,
      io.perfkit.kernels.matmul.MatMulBlocked,
      io.perfkit.kernels.matmul.MatMulSimd,
      io.perfkit.kernels.matmul.MatMulParallel,
      io.perfkit.kernels.integrate.IntegrateTrapezoid,
      io.perfkit.kernels.integrate.IntegrateSimpson,
      io.perfkit.kernels.integrate.IntegrateParallel,
      io.perfkit.kernels.integrate.IntegrateSimd,
      io.perfkit.kernels.integrate.IntegrateAdaptive,
      io.perfkit.kernels.fft.FftRecursive,
      io.perfkit.kernels.fft.FftIterative,
      io.perfkit.kernels.fft.FftParallel,
      io.perfkit.kernels.fft.FftSimd,
      io.perfkit.kernels.fft.FftBluestein;
}
