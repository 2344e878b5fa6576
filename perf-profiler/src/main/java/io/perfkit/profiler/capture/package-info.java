/**
 * Taking recordings: {@link io.perfkit.profiler.capture.Profiler} for on-demand JFR captures
 * (joinable, bounded in number and length), the always-on {@link
 * io.perfkit.profiler.capture.ContinuousRecorder} whose recent past can be cut as a snapshot, and
 * {@link io.perfkit.profiler.capture.ThreadDumps}. A capture ends as a {@link
 * io.perfkit.profiler.capture.CaptureResult}: a file and its metadata.
 */
package io.perfkit.profiler.capture;
