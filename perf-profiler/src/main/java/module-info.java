/**
 * JDK Flight Recorder profiling, in packages by role: {@code capture} (on-demand captures, the
 * always-on continuous recorder and its snapshots, thread dumps), {@code trigger} (sampling and rate
 * limits, conditions, request profiling, the watchdog), {@code delivery} (the collector that
 * hands profiles to a {@link io.perfkit.api.storage.ProfileStorage}), {@code http} (the debug
 * endpoints), {@code analysis} (top, flame graphs, diffs, pprof export) and {@code trace}
 * (tasks, regions and logs).
 */
// protobuf-java and OpenTelemetry's API are automatic modules (Automatic-Module-Name com.google.protobuf); none of its
// types appear in this module's API.
@SuppressWarnings("requires-automatic")
module io.perfkit.profiler {
  requires transitive io.perfkit.api;
  requires transitive jdk.jfr;
  requires transitive io.perfkit.http;
  requires java.management;
  requires jdk.management;
  requires com.google.common;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.core;
  requires com.google.protobuf;
  // optional: trace context on request profiles when the application has OpenTelemetry
  requires static io.opentelemetry.api;
  requires static io.opentelemetry.context;

  exports io.perfkit.profiler.capture;
  exports io.perfkit.profiler.trigger;
  exports io.perfkit.profiler.delivery;
  exports io.perfkit.profiler.http;
  exports io.perfkit.profiler.analysis;
  exports io.perfkit.profiler.trace;
  exports io.perfkit.profiler.memory;

  // an alternative CPU sampler a user adds as a module of its own
  uses io.perfkit.profiler.capture.CpuEngine;

  // JFR instantiates and reads event classes reflectively.
  opens io.perfkit.profiler.internal to jdk.jfr;
  opens io.perfkit.profiler.trace to jdk.jfr;
}
