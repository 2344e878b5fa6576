package io.perfkit.monitor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perfkit.http.HandlerLoad;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertState;
import io.perfkit.monitor.alert.AlertStatus;
import io.perfkit.testkit.ManualTimeSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server's load through the monitor: gauges, {@code /health} and the saturation rule, on a manual clock. */
final class ServerLoadMetricsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManualTimeSource time = new ManualTimeSource();
  private final Monitor monitor = Monitor.builder().timeSource(time).build();
  private final AlertManager alerts = AlertManager.builder().build().attach(monitor);
  private final AtomicReference<HandlerLoad> app = new AtomicReference<>(new HandlerLoad(8, 1, 0, 256, 0));
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpEndpointServer management;

  @BeforeEach
  void start() throws Exception {
    management = HttpEndpointServer.builder().name("management").handlerThreads(2).build();
    ServerLoadMetrics.register(monitor, "app", app::get);
    ServerLoadMetrics.register(monitor, "management", management);
    alerts.addRule(ServerLoadMetrics.saturationRule("app"));
    MonitorHttp.builder(monitor).alerts(alerts).build().mount(management.server());
    management.start();
    tick();
  }

  @AfterEach
  void stop() {
    management.close();
    alerts.close();
    monitor.close();
  }

  private void tick() {
    time.advance(Duration.ofSeconds(1));
    monitor.tick();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(management.url() + path.substring(1))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void health_reportsEveryServersLoad_andStaysUpWhileOneIsSaturated() throws Exception {
    JsonNode calm = JSON.readTree(get("/health").body());
    assertEquals("UP", calm.get("status").asText());
    assertEquals(0, calm.get("saturated").size(), calm.toString());
    assertEquals(8, calm.get("servers").get("app").get("handlerThreads").asInt());
    assertEquals(2, calm.get("servers").get("management").get("handlerThreads").asInt(), calm.toString());

    app.set(new HandlerLoad(8, 8, 120, 256, 3));
    tick();
    HttpResponse<String> busy = get("/health");
    assertEquals(200, busy.statusCode(), "busy is not dead: a liveness probe must not restart the JVM for it");
    JsonNode body = JSON.readTree(busy.body());
    assertEquals("UP", body.get("status").asText());
    assertEquals("[\"app\"]", body.get("saturated").toString());
    JsonNode appLoad = body.get("servers").get("app");
    assertEquals(8, appLoad.get("busy").asInt());
    assertEquals(120, appLoad.get("queued").asInt());
    assertEquals(256, appLoad.get("queueCapacity").asInt());
    assertEquals(3, appLoad.get("rejected").asLong());
    assertTrue(appLoad.get("saturated").asBoolean());
    assertTrue(get("/prometheus").body().contains("http_server_queued{server=\"app\"} 120\n"));
  }

  @Test
  void saturationRule_firesAfterFiveSecondsOfWaiting_namingTheServer_andAskingForACpuProfile() {
    app.set(new HandlerLoad(8, 8, 40, 256, 0));
    for (int i = 0; i < 5; i++) {
      tick();
    }
    AlertStatus pending = status();
    assertEquals(AlertState.PENDING, pending.state(), pending.toString());
    tick();
    AlertStatus firing = status();
    assertEquals(AlertState.FIRING, firing.state(), firing.toString());
    assertEquals("cpu", firing.labels().get("profile").orElseThrow());
    assertEquals("app", firing.labels().get("server").orElseThrow());
    assertTrue(firing.message().contains("server 'app'"), firing.message());
    app.set(new HandlerLoad(8, 3, 0, 256, 0));
    tick();
    assertEquals(AlertState.INACTIVE, status().state());
    assertTrue(status().lastResolved() != null);
  }

  @Test
  void servers_leavesOutAServerWhoseGaugesAreNotAllThere() {
    monitor.gauge("http.server.queued", () -> 5, "server", "half");
    tick();
    Map<String, HandlerLoad> servers = ServerLoadMetrics.servers(monitor.snapshot());
    assertEquals(java.util.Set.of("app", "management"), servers.keySet());
    assertEquals(new HandlerLoad(2, 0, 0, 256, 0), servers.get("management"), "no request in flight at the tick");
  }

  @Test
  void register_withANameThatIsNoLabelValue_isRefusedBeforeAnythingIsRegistered() {
    int before = monitor.metricKeys().size();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServerLoadMetrics.register(monitor, "", app::get));
    assertTrue(e.getMessage().contains("''"), e.getMessage());
    assertEquals(before, monitor.metricKeys().size());
  }

  private AlertStatus status() {
    return alerts.statuses().stream().filter(s -> s.rule().equals("HttpHandlersSaturated")).findFirst().orElseThrow();
  }
}
