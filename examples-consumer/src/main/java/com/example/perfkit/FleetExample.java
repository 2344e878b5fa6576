package com.example.perfkit;

import io.perfkit.api.Labels;
import io.perfkit.api.ServiceInstance;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.http.MonitorHttp;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.profiler.http.DebugHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The README's perf-storage-s3 example: every instance of a service stores into one bucket and
 * labels what it stores and exports. Needs perf-storage-s3, perf-monitor and perf-profiler.
 */
public final class FleetExample {

  private FleetExample() {}

  /** What the example opens, for its caller to use and close. */
  public record Fleet(ProfileStorage storage, ProfileCollector collector, ServiceInstance who) {}

  /** Runs the example against the storage at {@code bucketUri}, mounting the endpoints on {@code server}. */
  public static Fleet run(String bucketUri, Monitor monitor, AlertManager alerts, Profiler profiler, HttpEndpointServer server)
      throws Exception {
    // readme:fleet
    ServiceInstance who = ServiceInstance.fromEnvironment("checkout");      // PERFKIT_INSTANCE, else HOSTNAME (the pod)
    ProfileStorage storage = ProfileStorages.open(bucketUri);                // s3://perf-profiles/prod?maxAge=14d
    ProfileCollector collector = ProfileCollector.builder(storage).fleet(who).build();  // service=, instance= on every profile
    MonitorHttp.builder(monitor).alerts(alerts).exposedLabels(who.labels()).build().mount(server.server());       // and on every /prometheus series
    DebugHttp.builder(profiler, storage).build().mount(server.server());     // /debug/profiles?label=instance:checkout-7f9c
    // end
    return new Fleet(storage, collector, who);
  }

  /**
   * Takes a thread dump into the storage at the URI given (an {@code s3://} bucket, with
   * {@code endpoint=…&pathStyle=true} for an S3-compatible server), or into a {@code file:}
   * directory when none is, and lists this instance's profiles over HTTP.
   */
  public static void main(String[] args) throws Exception {
    String bucketUri = args.length > 0 ? args[0] : "file:" + Files.createTempDirectory("fleet");
    try (Monitor monitor = Monitor.builder().build();
        AlertManager alerts = AlertManager.builder().build().attach(monitor);
        Profiler profiler = Profiler.builder().build();
        HttpEndpointServer server = HttpEndpointServer.builder().loopbackPort(0).build()) {
      Fleet fleet = run(bucketUri, monitor, alerts, profiler, server);
      server.start();
      try (ProfileCollector collector = fleet.collector()) {
        collector.submit(profiler.capture(ProfileType.THREAD_DUMP, Duration.ZERO, Labels.empty()).get(30, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (collector.stored() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        String instance = URLEncoder.encode(fleet.who().instance(), StandardCharsets.UTF_8);
        System.out.println(bucketUri + ": " + Http.get(server.url() + "debug/profiles?label=instance:" + instance));
      } finally {
        fleet.storage().close();
      }
    }
  }
}
