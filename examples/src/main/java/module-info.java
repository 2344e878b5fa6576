/** Runnable example programs: {@code java -jar perf-examples.jar} lists them. */
module io.perfkit.examples {
  requires io.perfkit.api;
  requires io.perfkit.kernels;
  requires io.perfkit.monitor;
  requires io.perfkit.profiler;
  requires io.perfkit.storage.file;
}
