package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

final class KernelsProgramTest {

  @Test
  void quickRace_printsJsonWithEveryVariantVerifiedAndTimed_atRatesNoneAboveThePeak() throws Exception {
    ProgramRunner p = new ProgramRunner();
    assertEquals(0, p.run("kernels", "--quick", "--json"), p.err());
    JsonNode rows = new ObjectMapper().readTree(p.out());
    assertTrue(rows.isArray() && rows.size() >= 20, p.out());
    for (JsonNode r : rows) {
      assertTrue(r.get("verified").asBoolean(), r.toString());
      assertTrue(r.get("medianNs").asLong() > 0 && r.get("work").asDouble() > 0 && r.get("ratePerSecond").asDouble() > 0,
          r.toString());
      assertTrue(!r.get("abovePeak").asBoolean() && r.get("ratePerSecond").asDouble() <= r.get("peakGflops").asDouble() * 1e9,
          "no rate above the measured peak: " + r);
      if (r.get("operation").asText().equals("integrate")) {
        assertEquals("evaluation", r.get("workUnit").asText(), r.toString());
        assertTrue(!r.has("gflops"), "evaluations are not floating-point operations: " + r);
      } else {
        assertEquals("flop", r.get("workUnit").asText(), r.toString());
        assertEquals(r.get("ratePerSecond").asDouble() / 1e9, r.get("gflops").asDouble(), 1e-9, r.toString());
      }
      if (r.get("variant").asText().equals("adaptive") && r.get("n").asLong() >= 1_000_000) {
        assertTrue(r.get("work").asDouble() < 100_000, "the adaptive rule stops at its tolerance: " + r);
      }
      assertTrue(r.get("error").asDouble() <= r.get("tolerance").asDouble(), "within its declared accuracy: " + r);
    }
    assertTrue(rows.findValuesAsText("variant").contains("bluestein"));
  }
}
