/**
 * Reading recordings: {@link io.perfkit.profiler.analysis.StackProfile} aggregates the stacks of
 * one kind of event (chosen and weighed by {@link io.perfkit.profiler.analysis.EventSelection});
 * the call tree, flame graphs, diffs, pprof export and lock contention are read from it.
 */
package io.perfkit.profiler.analysis;
