/**
 * FFT variants (recursive, iterative, SIMD, parallel, Bluestein for any length), the real-input
 * transform, and the workload the race checks them with.
 */
package io.perfkit.kernels.fft;
