/**
 * The recording engine: per-thread sparse tables that spill to dense arrays, HdrHistogram's
 * bucket layout, and the distributions they drain into. Not exported.
 */
package io.perfkit.monitor.internal;
