package io.perfkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class DurationsTest {

  @ParameterizedTest
  @CsvSource({"250ns, PT0.00000025S", "7us, PT0.000007S", "500ms, PT0.5S", "30s, PT30S", "15m, PT15M", "12h, PT12H",
      "7d, PT168H", "30S, PT30S", "' 1h ', PT1H", "PT0.5S, PT0.5S", "P7D, PT168H", "0s, PT0S"})
  void parse_takesIsoAndAWholeNumberWithAUnit(String text, String iso) {
    assertEquals(Duration.parse(iso), Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "5", "5 s", "1.5s", "5w", "ms", "-5s", "99999999999999999999s", "P"})
  void parse_refusesEverythingElse_quotingTheText(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertEquals("'" + text + "' is not a duration; use " + Durations.GRAMMAR, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-PT1S", "PT-5M"})
  void parse_refusesNegativeDurations(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertEquals("'" + text + "' is a negative duration", e.getMessage());
  }
}
