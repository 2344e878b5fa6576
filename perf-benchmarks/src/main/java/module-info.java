/**
 * JMH benchmarks. Run from the uber-jar: {@code java -jar perf-benchmarks/target/perf-benchmarks.jar -l}.
 * The module is compiled for checking; JMH itself runs the jar on the class path.
 */
// JMH, HdrHistogram, Micrometer, Dropwizard, EJML and JTransforms are automatic modules.
@SuppressWarnings("requires-automatic")
module io.perfkit.benchmarks {
  requires io.perfkit.api;
  requires io.perfkit.kernels;
  requires io.perfkit.monitor;
  requires io.perfkit.micrometer;
  requires io.perfkit.servlet;
  requires jakarta.servlet;
  requires io.perfkit.profiler;
  requires io.perfkit.storage.file;
  requires io.perfkit.storage.s3;
  requires jmh.core;
  requires HdrHistogram;
  requires micrometer.core;
  requires micrometer.registry.prometheus;
  requires com.codahale.metrics;
  requires jdk.jfr;
  requires jdk.incubator.vector;
  requires ejml.ddense;
  requires ejml.core;
  requires ojalgo;
  requires JTransforms;
  requires JLargeArrays;
}
