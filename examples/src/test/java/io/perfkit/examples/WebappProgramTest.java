package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The webapp example on real Jetty: its slow request profiled, Micrometer's timer exposed, the alert fired. */
final class WebappProgramTest {

  @Test
  void webapp_profilesTheSlowReport_exposesTheMicrometerTimer_andFiresTheAlert() {
    ProgramRunner p = new ProgramRunner();
    int code = p.run("webapp", "--duration", "4");
    String out = p.out();
    assertEquals(0, code, out + p.err());
    assertTrue(out.matches("(?s).*\\n  GET /report \\d+ ms -> .*\\.jfr\\n.*"), out);
    assertTrue(out.matches("(?s).*%  io\\.perfkit\\.examples\\.WebappProgram\\.buildReport\\n.*"),
        "the slow request's profile names its hot method:\n" + out);
    assertTrue(out.matches("(?s).*\\n  checkout_latency_seconds_count [1-9]\\d*\\n.*"), out);
    assertTrue(out.contains("\n  jvm_memory_used_bytes{area=\"heap\""), "Micrometer's JVM memory meter, named as Micrometer names it: " + out);
    assertTrue(out.contains("http_server_requests_seconds_count{method=\"POST\",route=\"/checkout\",status=\"200\"}"), out);
    assertTrue(out.contains("alert firing: SlowCheckout"), out);
    assertTrue(out.matches("(?s).*captured cpu profile for alert SlowCheckout: .*\\.jfr\\n.*"), out);
  }
}
