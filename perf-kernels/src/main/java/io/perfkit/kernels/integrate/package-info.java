/**
 * Numerical integration variants (trapezoid, Simpson, adaptive, SIMD, parallel), each declaring
 * its accuracy, and the workload the race checks them with.
 */
package io.perfkit.kernels.integrate;
