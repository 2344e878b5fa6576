/**
 * Numeric kernels in several variants each (dot product, matrix multiply, integration, FFT),
 * the harness that verifies every variant against the naive oracle and races them, and
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
  exports io.perfkit.kernels.simd;

  provides io.perfkit.api.kernel.Kernel with
      io.perfkit.kernels.variants.DotNaive,
      io.perfkit.kernels.variants.DotUnrolled,
      io.perfkit.kernels.variants.DotParallel,
      io.perfkit.kernels.variants.DotSimd,
      io.perfkit.kernels.variants.MatMulNaive,
      io.perfkit.kernels.variants.MatMulIkj,
      io.perfkit.kernels.variants.MatMulBlocked,
      io.perfkit.kernels.variants.MatMulSimd,
      io.perfkit.kernels.variants.MatMulParallel,
      io.perfkit.kernels.variants.IntegrateTrapezoid,
      io.perfkit.kernels.variants.IntegrateSimpson,
      io.perfkit.kernels.variants.IntegrateParallel,
      io.perfkit.kernels.variants.IntegrateSimd,
      io.perfkit.kernels.variants.IntegrateAdaptive,
      io.perfkit.kernels.variants.FftRecursive,
      io.perfkit.kernels.variants.FftIterative,
      io.perfkit.kernels.variants.FftParallel,
      io.perfkit.kernels.variants.FftSimd,
      io.perfkit.kernels.variants.FftBluestein;
}
