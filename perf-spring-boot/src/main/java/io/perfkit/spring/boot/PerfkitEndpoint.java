package io.perfkit.spring.boot;

import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertState;
import io.perfkit.monitor.alert.AlertStatus;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.profiler.trigger.RequestProfiler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/perfkit} (once {@code management.endpoints.web.exposure.include} names
 * {@code perfkit}): where Perfkit's own endpoints answer, the rules firing, and the request
 * profiler's and the collector's counts. It is a signpost, not a copy of those endpoints: it is
 * served by the application's threads, which an overloaded application has none of.
 */
@Endpoint(id = "perfkit")
class PerfkitEndpoint {

  private final Monitor monitor;
  private final ObjectProvider<PerfkitServer> server;
  private final ObjectProvider<AlertManager> alerts;
  private final ObjectProvider<ProfileCollector> collector;
  private final ObjectProvider<RequestProfiler> requests;
  private final ObjectProvider<ProfileStorage> storage;

  PerfkitEndpoint(Monitor monitor, ObjectProvider<PerfkitServer> server, ObjectProvider<AlertManager> alerts,
      ObjectProvider<ProfileCollector> collector, ObjectProvider<RequestProfiler> requests,
      ObjectProvider<ProfileStorage> storage) {
    this.monitor = monitor;
    this.server = server;
    this.alerts = alerts;
    this.collector = collector;
    this.requests = requests;
    this.storage = storage;
  }

  @ReadOperation
  public Map<String, Object> perfkit() {
    Map<String, Object> out = new LinkedHashMap<>();
    PerfkitServer s = server.getIfAvailable();
    if (s != null) {
      out.put("endpoints", s.url().orElse(null));
      s.problem().ifPresent(p -> out.put("endpointsProblem", p));
    }
    out.put("metrics", monitor.metricKeys().size());
    out.put("ticks", monitor.ticks());
    AlertManager a = alerts.getIfAvailable();
    if (a != null) {
      List<String> firing = a.statuses().stream().filter(st -> st.state() == AlertState.FIRING)
          .map(AlertStatus::rule).toList();
      out.put("status", a.healthy() ? "UP" : "DOWN");
      out.put("firing", firing);
    }
    RequestProfiler r = requests.getIfAvailable();
    if (r != null) {
      out.put("requests", Map.of("seen", r.requests(), "slow", r.slowRequests(), "verySlow", r.verySlowRequests(),
          "droppedSnapshots", r.droppedSnapshots()));
    }
    ProfileCollector c = collector.getIfAvailable();
    if (c != null) {
      out.put("profiles", Map.of("stored", c.stored(), "failed", c.failed(), "dropped", c.dropped(),
          "pending", c.pending()));
    }
    storage.ifAvailable(st -> out.put("storage", st.toString()));
    return out;
  }
}
