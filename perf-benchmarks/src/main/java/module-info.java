/**
 * JMH benchmarks. Run from the uber-jar: {@code java -jar perf-benchmarks/target/perf-benchmarks.jar -l}.
 * The module is compiled for checking; JMH itself runs the jar on the class path.
 */
module io.perfkit.benchmarks {
  requires io.perfkit.api;
  requires io.perfkit.kernels;
  requires io.perfkit.monitor;
  requires io.perfkit.profiler;
  requires io.perfkit.storage.file;
  requires jmh.core;
}
