/**
 * JDK Flight Recorder profiling: on-demand captures, the always-on flight recorder and its
 * snapshots, triggers, request profiling, the watchdog, the collector that hands profiles to a
 * {@link io.perfkit.api.storage.ProfileStorage}, trace tasks, and analysis.
 */
// protobuf-java is an automatic module (Automatic-Module-Name com.google.protobuf); none of its
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

  exports io.perfkit.profiler;
  exports io.perfkit.profiler.trace;
  exports io.perfkit.profiler.analysis;

  // JFR instantiates and reads event classes reflectively.
  opens io.perfkit.profiler.internal to jdk.jfr;
  opens io.perfkit.profiler.trace to jdk.jfr;
}
