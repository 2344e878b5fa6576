/**
 * A CPU engine for {@code io.perfkit.profiler} on async-profiler: CPU profiles that include
 * native methods, JVM stubs (array copies, CRC32, {@code Math.log}) and kernel frames on every
 * JDK, written as JFR so that storage, analysis, flame graphs and diffs read them unchanged. A
 * {@code Profiler} built without an explicit engine picks it up when this module is present and
 * async-profiler can run here.
 *
 * @provides io.perfkit.profiler.capture.CpuEngine as {@code async-profiler}
 */
// async-profiler's jar has no module descriptor and no Automatic-Module-Name: its module name,
// async.profiler, is derived from the jar's file name. None of its types appear in this API.
@SuppressWarnings("requires-automatic")
module io.perfkit.profiler.async {
  requires transitive io.perfkit.profiler;
  requires async.profiler;

  exports io.perfkit.profiler.async;

  provides io.perfkit.profiler.capture.CpuEngine with io.perfkit.profiler.async.AsyncProfilerEngine;
}
