package com.example.perfkit;

/** Runs every example of the README in its order, each under a heading. */
public final class Main {

  private Main() {}

  /** One example: its heading and its program. */
  private interface Example {
    void run() throws Exception;
  }

  private static void section(String title, Example example) throws Exception {
    System.out.println();
    System.out.println("== " + title);
    example.run();
  }

  public static void main(String[] args) throws Exception {
    String[] none = {};
    section("perf-monitor: metrics, alerts, endpoints", () -> MonitorExample.main(none));
    section("perf-monitor: in a container", () -> ContainerExample.main(none));
    section("perf-profiler: a CPU capture and its top", () -> ProfilerExample.main(none));
    section("analysis: lines, flame graph, pprof, diff", () -> AnalysisExample.main(none));
    section("I/O: which file, which host", () -> IoExample.main(none));
    section("perf-http: your endpoints and Perfkit's", () -> EndpointsExample.main(none));
    section("perf-storage-file: profiles on disk", () -> StorageExample.main(none));
    section("perf-storage-s3: a fleet (here into a file: directory)", () -> FleetExample.main(none));
    section("perf-kernels: a quick race", () -> KernelsExample.main(none));
    section("perf-regress: catching regressions", () -> RegressionsExample.main(none));
    section("memory and GC", () -> MemoryExample.main(none));
    section("perf-micrometer", () -> MicrometerExample.main(none));
    section("perf-servlet", () -> ServletExample.main(none));
  }
}
