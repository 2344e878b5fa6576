/**
 * Dot product variants (naive, unrolled, SIMD, parallel) and the workload the race checks them
 * with.
 */
package io.perfkit.kernels.dot;
