package io.perfkit.profiler.analysis;

/**
 * One source line of a method, as {@code pprof list} shows it.
 *
 * @param line the line number (-1 when the frame had none)
 * @param flat weight of events whose top frame is this line
 * @param cumulative weight of events with this line anywhere on the stack
 */
public record LineStat(int line, long flat, long cumulative) {}
