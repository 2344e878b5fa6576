package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.perfkit.api.Labels;
import io.perfkit.api.alert.Severity;
import io.perfkit.monitor.alert.RulesFile;
import io.perfkit.monitor.alert.RulesFileException;
import io.perfkit.monitor.alert.ThresholdRule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RulesFileTest {

  @Test
  void parsesTheDocumentedSyntax() {
    String text = String.join("\n",
        "# rules for the checkout service",
        "alert HighLatency",
        "  expr     p99(http.server.latency) > 200ms   # in seconds: 0.2",
        "  for      30s",
        "  keep_firing_for 1m",
        "  severity critical",
        "  labels   team=web env=prod",
        "  message  p99 of {{metric}} is {{value}} s",
        "",
        "alert HeapHigh",
        "\texpr value(jvm.memory.heap.used.bytes) >= 2e9",
        "alert Q",
        "  expr quantile(0.95, http.server.latency{path=/x}) < 1.5");
    List<ThresholdRule> rules = RulesFile.parse(text, "rules.txt");

    assertEquals(3, rules.size());
    ThresholdRule r = rules.get(0);
    assertEquals("HighLatency", r.name());
    assertEquals("quantile(0.99, http.server.latency) > 0.2", r.expression());
    assertEquals(Duration.ofSeconds(30), r.forDuration());
    assertEquals(Duration.ofMinutes(1), r.keepFiringFor());
    assertEquals(Severity.CRITICAL, r.severity());
    assertEquals(Labels.of("team", "web", "env", "prod"), r.labels());
    assertEquals("p99 of {{metric}} is {{value}} s", r.messageTemplate());
    assertEquals("value(jvm.memory.heap.used.bytes) >= 2000000000", rules.get(1).expression());
    assertEquals(Severity.WARNING, rules.get(1).severity());
    assertEquals("quantile(0.95, http.server.latency{path=/x}) < 1.5", rules.get(2).expression());
  }

  private static String error(String text) {
    return assertThrows(RulesFileException.class, () -> RulesFile.parse(text, "r")).getMessage();
  }

  @Test
  void malformedLines_nameLineColumnAndWhatWasExpected() {
    assertEquals("r:1:1: expected 'alert NAME' to start a rule, found 'rule'", error("rule X"));
    assertEquals("r:2:8: expected value(METRIC), rate(METRIC), p50/p90/p99/p999(METRIC) or quantile(Q, METRIC), found 'p98(x)'",
        error("alert A\n  expr p98(x) > 1"));
    assertEquals("r:2:19: expected a number (optionally with ms, s, m or h), found '12parsecs'",
        error("alert A\n  expr value(x) > 12parsecs"));
    assertEquals("r:2:20: expected a comparison (>, >=, <, <=) in 'value(x) = 3'",
        error("alert A\n  expr value(x) = 3"));
    assertEquals("r:3:7: expected a duration such as 500ms, 30s, 5m or 1h, found 'soon'",
        error("alert A\n  expr value(x) > 1\n  for soon"));
    assertEquals("r:3:12: expected info, warning or critical, found 'panic'",
        error("alert A\n  expr value(x) > 1\n  severity panic"));
    assertEquals("r:3:3: unknown field 'sevrity'; expected expr, for, keep_firing_for, severity, labels or message",
        error("alert A\n  expr value(x) > 1\n  sevrity critical"));
    assertEquals("r:1:1: rule 'A' has no expr line", error("alert A\n  for 1s"));
    assertEquals("r:3:7: rule 'A' is defined twice", error("alert A\n  expr value(x) > 1\nalert A\n  expr value(x) > 1"));
    assertEquals("r:3:14: expected key=value, found 'team'", error("alert A\n  expr value(x) > 1\n  labels a=b team"));
    assertEquals("r:2:17: expected a quantile in (0, 1], found '1.5'", error("alert A\n  expr quantile(1.5, x) > 1"));
  }
}
