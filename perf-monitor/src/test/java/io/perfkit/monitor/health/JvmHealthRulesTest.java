package io.perfkit.monitor.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import io.perfkit.api.alert.AlertRule;
import io.perfkit.api.alert.JvmThresholds;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.monitor.JvmMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertEvent;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertState;
import io.perfkit.monitor.alert.AlertStatus;
import io.perfkit.monitor.alert.RulesFile;
import io.perfkit.monitorprobe.ShippedRulesProbe;
import io.perfkit.testkit.ManualTimeSource;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped JVM health rules: found on both paths, overridable, and firing on real metrics. */
final class JvmHealthRulesTest {

  private static final Set<String> SHIPPED = Set.of("JvmGcOverhead", "JvmHeapAfterGc", "JvmAllocationRate",
      "JvmMetaspace", "JvmThreadCount", "JvmDeadlock", "JvmSafepointTime", "ContainerCpuThrottled",
      "ContainerMemory", "JvmVirtualThreadPinned", "ExecutorQueueWait");

  private static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void onTheClassPath_everyShippedRuleIsFound_eachNamingAProfileType() {
    List<String> names = AlertRule.installed().all().stream().map(AlertRule::name).toList();
    assertTrue(names.containsAll(SHIPPED), names.toString());
    for (JvmHealthRule r : JvmHealthRules.defaults()) {
      assertTrue(SHIPPED.contains(r.name()), r.name());
      assertEquals(r.capture().wireName(), r.labels().get(JvmHealthRule.PROFILE).orElseThrow());
    }
  }

  @Test
  void onTheModulePath_everyShippedRuleIsFoundThroughProvides(@TempDir Path probeDir) throws Exception {
    // the probe alone on the class path: the test classes' own services file names test rules
    Path probe = probeDir.resolve(ShippedRulesProbe.class.getName().replace('.', '/') + ".class");
    Files.createDirectories(probe.getParent());
    Files.copy(Path.of(location(ShippedRulesProbe.class)).resolve(ShippedRulesProbe.class.getName().replace('.', '/')
        + ".class"), probe);
    List<String> modulePath = List.of(location(AlertRule.class), location(Monitor.class),
        location(io.perfkit.http.Routes.class), location(Histogram.class), location(ObjectMapper.class),
        location(com.fasterxml.jackson.core.JsonFactory.class),
        location(com.fasterxml.jackson.annotation.JsonProperty.class), location(ImmutableList.class),
        location(com.google.common.util.concurrent.internal.InternalFutureFailureAccess.class));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", String.join(File.pathSeparator, modulePath), "--add-modules", "io.perfkit.monitor",
        "-cp", probeDir.toString(), ShippedRulesProbe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertEquals(new TreeSet<>(SHIPPED).toString(), out.strip(), "only the shipped rules, found through provides");
  }

  @Test
  void thresholds_comeFromJvmThresholds_orARulesFileOverridesAShippedRule() {
    List<JvmHealthRule> rules = JvmHealthRules.of(JvmThresholds.builder().gcOverhead(0.05).threadCount(1).build());
    JvmHealthRule gc = rules.stream().filter(r -> r.name().equals("JvmGcOverhead")).findFirst().orElseThrow();
    assertEquals(0.05, gc.threshold());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> JvmThresholds.builder().gcOverhead(1.5));
    assertTrue(bad.getMessage().contains("1.5"), bad.getMessage());
    try (AlertManager alerts = AlertManager.builder().build()) {
      alerts.addInstalledRules().overrideRules(RulesFile.parse(String.join("\n",
          "alert JvmThreadCount",
          "  expr value(jvm.threads.live) > 1",
          "  labels profile=thread_dump"), "override.rules"));
      AlertStatus s = alerts.statuses().stream().filter(x -> x.rule().equals("JvmThreadCount")).findFirst().orElseThrow();
      assertEquals(AlertState.INACTIVE, s.state());
      assertEquals(SHIPPED.size(), alerts.statuses().stream().filter(x -> SHIPPED.contains(x.rule())).count());
    }
  }

  @Test
  @SuppressWarnings("try")  // the metrics' resource is only closed
  void aThreadCountOverTheLimit_firesWithTheThreadDumpLabel_onRealMetrics() {
    ManualTimeSource time = new ManualTimeSource();
    List<AlertEvent> events = new CopyOnWriteArrayList<>();
    try (Monitor monitor = Monitor.builder().timeSource(time).build();
        JvmMetrics jvm = JvmMetrics.builder(monitor).build();
        AlertManager alerts = AlertManager.builder().build().addRules(JvmHealthRules.of(JvmThresholds.builder().threadCount(1).build()))
            .addListener(events::add).attach(monitor)) {
      for (int i = 0; i < 62; i++) {
        time.advance(Duration.ofSeconds(1));
        monitor.tick();
      }
      assertTrue(alerts.awaitListeners(Duration.ofSeconds(5)));
      AlertEvent fired = events.stream().filter(e -> e.rule().equals("JvmThreadCount")).findFirst()
          .orElseThrow(() -> new AssertionError(alerts.statuses().toString()));
      assertEquals(AlertEvent.Kind.FIRING, fired.kind());
      assertEquals(ProfileType.THREAD_DUMP.wireName(), fired.labels().get(JvmHealthRule.PROFILE).orElseThrow());
      assertTrue(events.stream().noneMatch(e -> e.rule().equals("JvmDeadlock")), "no deadlock here: " + events);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
