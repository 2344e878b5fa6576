package io.perfkit.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.micrometer.PerfkitMeterRegistry;
import io.perfkit.monitor.Monitor;
import io.perfkit.profiler.analysis.EventSelection;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.spring.boot.PerfkitServer;
import io.perfkit.examples.spring.ShopApplication;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter in a real Spring Boot application with its embedded server, as a user adds it: one
 * dependency, no configuration. The same tests run on each supported Boot line.
 */
class PerfkitStarterTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  private static ConfigurableApplicationContext start(Class<?>[] sources, String... properties) {
    List<String> props = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off"));
    props.addAll(List.of(properties));
    return new SpringApplicationBuilder(sources).properties(props.toArray(String[]::new)).run();
  }

  private static ConfigurableApplicationContext start(String... properties) {
    return start(new Class<?>[] {ShopApplication.class}, properties);
  }

  private static String appUrl(ConfigurableApplicationContext ctx) {
    return "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Set<String> perfkitThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("perfkit")).collect(Collectors.toSet());
  }

  @Test
  void theDefaultConfigurationAnswers200AndExposesSpringsMetersOnce() throws Exception {
    Set<String> threadsBefore = perfkitThreads();
    // nothing of Perfkit configured: its endpoints bind their default port (or log why not)
    try (ConfigurableApplicationContext ctx = start()) {
      String app = appUrl(ctx);
      for (int i = 0; i < 20; i++) {
        for (String path : List.of("/orders/" + i, "/actuator/health")) {
          HttpResponse<String> r = get(app + path);
          assertEquals(200, r.statusCode(), path + " answered " + r.statusCode() + ": " + r.body());
        }
      }
      // Spring's meters go to Perfkit's registry, the only one this application has
      MeterRegistry registry = ctx.getBean(MeterRegistry.class);
      assertTrue(registry instanceof PerfkitMeterRegistry || registry instanceof CompositeMeterRegistry, registry.toString());
      PerfkitServer server = ctx.getBean(PerfkitServer.class);
      if (server.url().isEmpty()) {
        // another process holds the default port here: the application still started
        assertTrue(server.problem().orElseThrow().contains("9095"), server.problem().orElseThrow());
        return;
      }
      // the exposition is the last tick's: wait for the tick that has all 20 requests, and in
      // which the filter has left http.server.requests to Spring (it steps aside on the first
      // tick that shows Spring's meter, so that tick's snapshot may still hold both)
      String exposition = awaitExposition(server.url().orElseThrow(),
          body -> body.contains("uri=\"/orders/{id}\"} 20") && !body.contains("route=\""));
      if (registry instanceof PerfkitMeterRegistry perfkit) {
        assertEquals(0, perfkit.rejected(), "Spring's meters Perfkit refused");
      }
      Map<String, Integer> families = typeLines(exposition);
      families.forEach((family, n) -> assertEquals(1, n, family + " is declared " + n + " times"));
      assertTrue(families.containsKey("http_server_requests_seconds"), families.keySet().toString());
      assertTrue(families.containsKey("http_server_requests_active_seconds"), families.keySet().toString());
      assertTrue(families.containsKey("jvm_memory_used_bytes"), families.keySet().toString());
      List<String> orders = exposition.lines()
          .filter(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("uri=\"/orders/{id}\""))
          .toList();
      assertEquals(1, orders.size(), "one series for the route: " + orders);
      assertEquals(20.0, Double.parseDouble(orders.get(0).substring(orders.get(0).lastIndexOf(' ') + 1)), orders.get(0));
      assertFalse(exposition.contains("route=\""), "the filter left http.server.requests to Spring");
      for (String line : exposition.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
        assertEquals(1, exposition.lines().filter(line::equals).count(), "series written twice: " + line);
      }
      HttpResponse<String> health = get(server.url().orElseThrow() + "health");
      assertEquals(200, health.statusCode(), health.body());
    }
    assertNoneLeft(threadsBefore);
  }

  private static String awaitExposition(String base, java.util.function.Predicate<String> ready) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = get(base + "prometheus").body();
      if (ready.test(body)) {
        return body;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("/prometheus was not as expected within 20 s:\n" + body);
  }

  private static Map<String, Integer> typeLines(String exposition) {
    Map<String, Integer> n = new HashMap<>();
    exposition.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).forEach(f -> n.merge(f, 1, Integer::sum));
    return n;
  }

  /** Every Perfkit thread the application started has ended, and no recording is left running. */
  private static void assertNoneLeft(Set<String> threadsBefore) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Set<String> left;
    do {
      left = perfkitThreads();
      left.removeAll(threadsBefore);
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertEquals(Set.of(), left, "Perfkit threads left after the application closed");
    List<String> running = jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().stream()
        .filter(r -> r.getState() == jdk.jfr.RecordingState.RUNNING).map(jdk.jfr.Recording::getName).toList();
    assertEquals(List.of(), running, "recordings left running after the application closed");
  }

  @Test
  void aSlowRequestsStoredProfileNamesTheControllersHotMethod() throws Exception {
    try (ConfigurableApplicationContext ctx = start("perfkit.server.port=0", "perfkit.storage.uri=file:" + dir,
        "perfkit.requests.slow=100ms", "perfkit.requests.very-slow=300ms")) {
      HttpResponse<String> r = get(appUrl(ctx) + "/report");
      assertEquals(200, r.statusCode(), r.body());
      ProfileStorage storage = ctx.getBean(ProfileStorage.class);
      StoredProfile cpu = awaitProfile(storage, ProfileType.CPU);
      assertEquals("very-slow", cpu.metadata().labels().get(ProfileLabels.TRIGGER).orElseThrow(), cpu.toString());
      assertEquals("/report", cpu.metadata().labels().get("path").orElseThrow(), cpu.toString());
      Path file = dir.resolve("report.jfr");
      try (InputStream in = storage.openContent(cpu.id())) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      // the request's own thread and span, as /debug/profiles/{id}/top reads it
      List<MethodStat> top = StackProfile.read(file, ProfileType.CPU, EventSelection.requestFilter(cpu.metadata().labels()))
          .topSelf(3);
      assertFalse(top.isEmpty(), "no CPU samples of the request in " + cpu);
      assertTrue(top.get(0).method().contains("priceAllOrders"), "hottest methods: " + top);
    }
  }

  private static StoredProfile awaitProfile(ProfileStorage storage, ProfileType type) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<StoredProfile> p = storage.query(ProfileQuery.all()).stream()
          .filter(s -> s.metadata().type() == type).findFirst();
      if (p.isPresent()) {
        return p.get();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + type + " profile stored within 30 s: " + storage.query(ProfileQuery.all()));
  }

  @Test
  void propertiesSwitchPartsOffAndTheApplicationStillServes() throws Exception {
    try (ConfigurableApplicationContext ctx = start("perfkit.profiling.enabled=false", "perfkit.server.enabled=false")) {
      assertEquals(200, get(appUrl(ctx) + "/orders/1").statusCode());
      assertNotNull(ctx.getBean(Monitor.class));
      assertTrue(ctx.getBeansOfType(ContinuousRecorder.class).isEmpty());
      assertTrue(ctx.getBeansOfType(PerfkitServer.class).isEmpty());
    }
    try (ConfigurableApplicationContext ctx = start("perfkit.enabled=false")) {
      assertEquals(200, get(appUrl(ctx) + "/orders/1").statusCode());
      assertTrue(ctx.getBeansOfType(Monitor.class).isEmpty());
      assertTrue(ctx.getBeansOfType(PerfkitMeterRegistry.class).isEmpty());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnMonitor {
    static final Monitor MONITOR = Monitor.builder().build();

    @Bean(destroyMethod = "")
    Monitor myMonitor() {
      return MONITOR;
    }
  }

  @Test
  void anApplicationsOwnBeanReplacesPerfkits() throws Exception {
    try (ConfigurableApplicationContext ctx = start(new Class<?>[] {ShopApplication.class, OwnMonitor.class},
        "perfkit.server.port=0", "perfkit.storage.uri=file:" + dir)) {
      assertSame(OwnMonitor.MONITOR, ctx.getBean(Monitor.class));
      assertSame(OwnMonitor.MONITOR, ctx.getBean(PerfkitMeterRegistry.class).monitor());
    }
  }

  @Test
  void aTakenPortLeavesTheApplicationRunningWithoutPerfkitsEndpoints() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ConfigurableApplicationContext ctx = start("perfkit.server.port=" + taken.getLocalPort(),
            "perfkit.storage.uri=file:" + dir)) {
      assertEquals(200, get(appUrl(ctx) + "/orders/1").statusCode());
      PerfkitServer server = ctx.getBean(PerfkitServer.class);
      assertTrue(server.url().isEmpty());
      assertTrue(server.problem().orElseThrow().contains(String.valueOf(taken.getLocalPort())), server.problem().orElseThrow());
    }
  }

  @Test
  void theActuatorEndpointSaysWherePerfkitAnswers() throws Exception {
    try (ConfigurableApplicationContext ctx = start("perfkit.server.port=0", "perfkit.storage.uri=file:" + dir,
        "management.endpoints.web.exposure.include=health,perfkit")) {
      HttpResponse<String> r = get(appUrl(ctx) + "/actuator/perfkit");
      assertEquals(200, r.statusCode(), r.body());
      String url = ctx.getBean(PerfkitServer.class).url().orElseThrow();
      assertTrue(r.body().contains("\"endpoints\":\"" + url + "\""), r.body());
      assertTrue(r.body().contains("\"status\":\"UP\""), r.body());
    }
  }
}
