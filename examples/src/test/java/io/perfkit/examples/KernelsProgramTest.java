package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

final class KernelsProgramTest {

  @Test
  void quickRace_printsJsonWithEveryVariantVerifiedAndTimed() throws Exception {
    ProgramRunner p = new ProgramRunner();
    assertEquals(0, p.run("kernels", "--quick", "--json"), p.err());
    JsonNode rows = new ObjectMapper().readTree(p.out());
    assertTrue(rows.isArray() && rows.size() >= 20, p.out());
    for (JsonNode r : rows) {
      assertTrue(r.get("verified").asBoolean(), r.toString());
      assertTrue(r.get("medianNs").asLong() > 0 && r.get("gflops").asDouble() > 0, r.toString());
      assertTrue(r.get("error").asDouble() <= r.get("tolerance").asDouble(), "within its declared accuracy: " + r);
    }
    assertTrue(rows.findValuesAsText("variant").contains("bluestein"));
  }
}
