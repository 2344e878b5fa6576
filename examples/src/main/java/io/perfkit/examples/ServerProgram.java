package io.perfkit.examples;

import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The seed's production server: request profiling, JVM health rules and collector into file: storage. */
final class ServerProgram implements ExampleProgram {

  @Override
  public String name() {
    return "server";
  }

  @Override
  public String summary() {
    return "a service with /fast /slow /very-slow, profiling its own slow requests into file: storage";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: java -jar perf-examples.jar server [--port N] [--management-port N] [--duration S]",
        "                                          [--data DIR|URI]",
        "",
        "Serves /fast (a few ms), /slow (about 300 ms, most of it CPU) and /very-slow (over",
        "1 s, 350 ms of it CPU in verySlowWork) on 127.0.0.1 with 8 handler threads. On a",
        "port of their own, with threads the application never holds, the monitor's",
        "/metrics, /health (with the application server's busy handlers and queued",
        "requests), /alerts and /prometheus and the profiler's /debug/profiles,",
        "/debug/profiles/{id}/top, /flame, /pprof and /gc, /debug/diff, /debug/profile,",
        "/debug/threads, /debug/gc (the GC report of the continuous recorder's last seconds)",
        "and /debug/heap/histogram: they answer however overloaded the application is. Slow",
        "requests are profiled from the always-on continuous recorder (the request itself, not",
        "the seconds after it), the JVM health rules watch threads, deadlocks, heap and GC",
        "and capture the profile each names when it fires, and every profile is stored",
        "under --data.",
        "",
        "  --port N       the application's port (default 0: any free port)",
        "  --management-port N",
        "                 Perfkit's endpoints' port (default 0: any free port)",
        "  --duration S   stop after S seconds (default: run until Ctrl+C)",
        "  --data DIR|URI profile storage: a directory (default ./perf-data), or a storage",
        "                 URI such as s3://bucket/prefix?endpoint=http://127.0.0.1:9000&pathStyle=true",
        "                 (credentials from the AWS default chain, or accessKey= and secretKey=);",
        "                 profiles carry service and instance, from PERFKIT_SERVICE and",
        "                 PERFKIT_INSTANCE or the host name");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("--port", "--management-port", "--duration", "--data"), Set.of());
    int port = a.integer("--port", 0, 0, 65535);
    int managementPort = a.integer("--management-port", 0, 0, 65535);
    int duration = a.integer("--duration", 0, 0, 86_400);
    String data = a.string("--data", "perf-data");
    DemoService service;
    try {
      service = DemoService.start(port, managementPort, data, line -> {
        out.println(line);
        out.flush();
      });
    } catch (BindException e) {
      throw new UsageException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad --data: " + e.getMessage());
    }
    try (DemoService s = service) {
      ServiceLifetime.announce(out, s.url(), s.managementUrl());
      out.println("profiles go to " + s.storageDescription() + " as service " + s.who.service() + ", instance " + s.who.instance());
      ServiceLifetime.await(duration, () -> { });
      out.printf("requests %d, slow %d, very slow %d; profiles stored %d, failed %d, dropped %d%n", s.requests.requests(),
          s.requests.slowRequests(), s.requests.verySlowRequests(), s.collector.stored(), s.collector.failed(), s.collector.dropped());
    }
    return 0;
  }
}
