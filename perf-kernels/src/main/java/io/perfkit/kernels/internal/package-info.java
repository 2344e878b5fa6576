/**
 * What the variants share: argument checks, chunked parallel loops, the Vector API's kernels and
 * availability, and the race's test integrand. Exported only to the benchmarks.
 */
package io.perfkit.kernels.internal;
