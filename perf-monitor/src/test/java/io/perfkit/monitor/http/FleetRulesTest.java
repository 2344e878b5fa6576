package io.perfkit.monitor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.Timer;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertState;
import io.perfkit.monitor.alert.RulesFile;
import io.perfkit.monitor.alert.ThresholdRule;
import io.perfkit.testkit.ManualTimeSource;
import io.perfkit.testtools.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fleet alert the README documents, checked by Prometheus's own {@code promtool}, and the
 * local Perfkit rule of the same meaning, fed the data the fleet test's slow instance has.
 */
final class FleetRulesTest {

  private static final Path DOCS = Path.of("..", "docs", "prometheus");

  private static String promtool(String... args) throws Exception {
    Path promtool = ExternalTools.requireWorking("Prometheus's rule checker; apt-get install prometheus", List.of("--version"),
        "promtool");
    List<String> cmd = new java.util.ArrayList<>(List.of(promtool.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(DOCS.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
    assertEquals(0, p.exitValue(), "promtool " + String.join(" ", args) + ":\n" + out);
    return out;
  }

  @Test
  void theFleetRules_pass_promtoolCheckAndTheirUnitTests() throws Exception {
    assertTrue(promtool("check", "rules", "fleet-latency.rules.yml").contains("SUCCESS: 3 rules found"));
    assertTrue(promtool("test", "rules", "fleet-latency.test.yml").contains("SUCCESS"));
  }

  @Test
  void theLocalRule_meansTheSame_andFiresOnTheSlowInstancesData() throws Exception {
    List<ThresholdRule> rules = RulesFile.parse(DOCS.resolve("checkout.rules"));
    assertEquals(1, rules.size());
    ThresholdRule rule = rules.get(0);
    assertEquals("SlowCheckout", rule.name());
    assertEquals("quantile(0.99, checkout.latency) > 0.5", rule.expression());
    assertEquals(Duration.ofMinutes(5), rule.forDuration());

    ManualTimeSource time = new ManualTimeSource();
    try (Monitor monitor = Monitor.builder().timeSource(time).build(); AlertManager alerts = AlertManager.builder().build()) {
      alerts.addRules(rules).attach(monitor);
      Timer checkout = monitor.timer("checkout.latency");
      for (int second = 1; second <= 7 * 60; second++) {
        // per second, as instance a of the promtool test per minute: 90 fast, 6 under 0.5 s, 4 slow
        for (int i = 0; i < 100; i++) {
          checkout.record(i < 90 ? 200 : i < 96 ? 400 : 800, TimeUnit.MILLISECONDS);
        }
        time.advance(Duration.ofSeconds(1));
        monitor.tick();
        if (second == 4 * 60) {
          assertEquals(AlertState.PENDING, alerts.statuses().get(0).state(), "not yet five minutes");
        }
      }
      assertEquals(AlertState.FIRING, alerts.statuses().get(0).state(), alerts.statuses().toString());
    }
  }
}
