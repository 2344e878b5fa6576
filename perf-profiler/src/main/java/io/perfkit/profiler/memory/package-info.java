/**
 * Memory and GC: the {@link io.perfkit.profiler.memory.GcReport} of a recording (pauses,
 * overhead, allocation and promotion, heap after GC, humongous allocations, safepoints, and
 * findings in words), class histograms and their diff ({@link
 * io.perfkit.profiler.memory.ClassHistogram}), leak candidates from old-object samples
 * ({@link io.perfkit.profiler.memory.OldObjects}) and heap dumps ({@link
 * io.perfkit.profiler.memory.HeapDumps}).
 */
package io.perfkit.profiler.memory;
