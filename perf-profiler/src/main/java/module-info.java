/** JDK Flight Recorder profiling, triggers, collector, trace tasks and analysis. */
module io.perfkit.profiler {
  requires io.perfkit.api;
  requires jdk.jfr;
}
