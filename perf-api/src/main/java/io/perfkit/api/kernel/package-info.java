/**
 * The kernel SPI. A {@link io.perfkit.api.kernel.Kernel} is one variant of one operation; the
 * operation is fixed by which typed sub-interface it implements ({@link
 * io.perfkit.api.kernel.DotKernel}, {@link io.perfkit.api.kernel.MatMulKernel}, {@link
 * io.perfkit.api.kernel.IntegrateKernel}, {@link io.perfkit.api.kernel.FftKernel}), so a variant
 * from a third-party jar registered with ServiceLoader is verified and raced exactly like ours.
 */
package io.perfkit.api.kernel;
