/**
 * Matrix multiply variants (naive, loop-reordered, blocked, SIMD, parallel) and the workload the
 * race checks them with.
 */
package io.perfkit.kernels.matmul;
