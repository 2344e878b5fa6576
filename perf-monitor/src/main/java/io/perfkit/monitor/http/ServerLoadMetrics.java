package io.perfkit.monitor.http;

import io.perfkit.api.Identifiers;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.alert.Severity;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.http.HandlerLoad;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.GaugeSample;
import io.perfkit.monitor.MetricId;
import io.perfkit.monitor.MetricSample;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.monitor.alert.AlertRules;
import io.perfkit.monitor.alert.ThresholdRule;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * An HTTP server's load as metrics, so that an overloaded application shows up in
 * {@code /prometheus}, in {@code /health} and in alert rules instead of only in its clients'
 * timeouts. For a server named {@code app}:
 *
 * <ul>
 *   <li>{@code http.server.handlers{server=app}}: handler threads;</li>
 *   <li>{@code http.server.handlers.busy{server=app}}: threads running an exchange;</li>
 *   <li>{@code http.server.queued{server=app}}: exchanges waiting for a thread;</li>
 *   <li>{@code http.server.queue.capacity{server=app}}: exchanges that may wait;</li>
 *   <li>{@code http.server.rejected{server=app}}: exchanges closed unanswered since start, a
 *       count that only grows.</li>
 * </ul>
 *
 * The gauges are read once per tick on the monitor's thread; reading them never takes a handler
 * thread. {@link #servers(MonitorSnapshot)} reads them back from a snapshot, which is how
 * {@code /health} reports saturation; {@link #saturationRule(String)} is the rule that fires
 * while requests keep waiting for a handler.
 */
public final class ServerLoadMetrics {

  static final String THREADS = "http.server.handlers";
  static final String BUSY = "http.server.handlers.busy";
  static final String QUEUED = "http.server.queued";
  static final String CAPACITY = "http.server.queue.capacity";
  static final String REJECTED = "http.server.rejected";
  private static final String SERVER = "server";

  private ServerLoadMetrics() {}

  /** Registers {@code server}'s load under the name {@code name}. */
  public static void register(Monitor monitor, String name, HttpEndpointServer server) {
    Objects.requireNonNull(server, "server");
    register(monitor, name, server::load);
  }

  /**
   * Registers the load that {@code load} reads (a server of the application's own, a pool
   * adapted to {@link HandlerLoad}) under the name {@code name}.
   *
   * @throws IllegalArgumentException naming {@code name} when it is empty or not a valid label value
   */
  public static void register(Monitor monitor, String name, Supplier<HandlerLoad> load) {
    Objects.requireNonNull(monitor, "monitor");
    Objects.requireNonNull(load, "load");
    checkName(name);
    monitor.gauge(MetricId.of(THREADS, SERVER, name), "HTTP handler threads", () -> load.get().handlerThreads());
    monitor.gauge(MetricId.of(BUSY, SERVER, name), "HTTP handler threads running an exchange", () -> load.get().busy());
    monitor.gauge(MetricId.of(QUEUED, SERVER, name), "HTTP exchanges waiting for a handler thread", () -> load.get().queued());
    monitor.gauge(MetricId.of(CAPACITY, SERVER, name), "HTTP exchanges that may wait for a handler thread",
        () -> load.get().queueCapacity());
    monitor.gauge(MetricId.of(REJECTED, SERVER, name), "HTTP exchanges closed unanswered since start, every handler busy "
        + "and the queue full", () -> load.get().rejected());
  }

  /**
   * Each registered server's load as of {@code snapshot}, by name; empty when none is registered.
   * A server whose gauges the snapshot does not hold whole is left out.
   */
  public static Map<String, HandlerLoad> servers(MonitorSnapshot snapshot) {
    Map<String, Map<String, Double>> byServer = new TreeMap<>();
    for (MetricSample s : snapshot.samples().values()) {
      String metric = s.id().name();
      if (s instanceof GaugeSample g && metric.startsWith("http.server.") && s.id().labels().get(SERVER).isPresent()) {
        byServer.computeIfAbsent(s.id().labels().get(SERVER).get(), k -> new TreeMap<>()).put(metric, g.value());
      }
    }
    Map<String, HandlerLoad> out = new TreeMap<>();
    byServer.forEach((name, v) -> {
      Double threads = v.get(THREADS);
      Double busy = v.get(BUSY);
      Double queued = v.get(QUEUED);
      Double capacity = v.get(CAPACITY);
      Double rejected = v.get(REJECTED);
      if (threads != null && busy != null && queued != null && capacity != null && rejected != null && threads >= 1) {
        out.put(name, new HandlerLoad(threads.intValue(), busy.intValue(), queued.intValue(), capacity.intValue(),
            rejected.longValue()));
      }
    });
    return out;
  }

  /**
   * A warning that fires when exchanges have waited for {@code name}'s handlers for 5 s on end,
   * and captures a CPU profile of what keeps them busy (through the rule's {@code profile}
   * label, as the JVM health rules do). Add it with {@code alerts.addRule(...)}.
   */
  public static ThresholdRule saturationRule(String name) {
    checkName(name);
    return AlertRules.threshold("HttpHandlersSaturated", MetricId.of(QUEUED, SERVER, name).key()).above(0)
        .forDuration(Duration.ofSeconds(5)).severity(Severity.WARNING)
        .labels(Labels.of(SERVER, name, ProfileLabels.PROFILE, ProfileType.CPU.wireName()))
        .quantity("requests waiting for a handler of server " + Identifiers.quote(name))
        .message("{{value}} requests wait for a handler of server " + Identifiers.quote(name)
            + "; every handler is busy").build();
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "server name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("server name '' is empty; name the server, e.g. 'app'");
    }
    Identifiers.checkLabelValue(SERVER, name);
  }
}
