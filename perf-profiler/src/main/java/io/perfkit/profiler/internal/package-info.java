/**
 * The profiler's JFR settings, its request event and thread helpers. Not exported.
 */
package io.perfkit.profiler.internal;
