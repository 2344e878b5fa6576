/**
 * Trace tasks, regions and logs recorded as JFR events, a summary of them, and their export to
 * the Chrome trace format.
 */
package io.perfkit.profiler.trace;
