/**
 * {@link io.perfkit.kernels.Kernels}, which hands out the fastest verified variant of each
 * operation for a size, and {@link io.perfkit.kernels.KernelRace}, which verifies every installed
 * variant and races them.
 */
package io.perfkit.kernels;
