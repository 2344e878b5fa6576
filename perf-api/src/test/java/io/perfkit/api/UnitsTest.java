package io.perfkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class UnitsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0 | 0", "27 | 27", "26.99966 | 27", "26.5 | 26.5", "0.15020851100000002 | 0.15", "0.3 | 0.3",
      "0.000123456 | 0.000123", "99.96 | 100", "2000 | 2000", "406847488 | 406847488", "-1.25 | -1.25",
      "NaN | n/a"})
  void number_hasThreeSignificantDigitsAndNoExponent(double v, String text) {
    assertEquals(text, Units.number(v));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0 | 0 B", "512 | 512 B", "1536 | 1.5 KiB", "17196646 | 16.4 MiB", "33554432 | 32 MiB",
      "406847488 | 388 MiB", "1073741824 | 1 GiB", "2480000000 | 2.31 GiB", "1048064 | 1 MiB"})
  void bytes_areInBinaryUnits(double v, String text) {
    assertEquals(text, Units.bytes(v));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"7.972e8 | 760 MiB/s", "1073741824 | 1 GiB/s", "0 | 0 B/s"})
  void bytesPerSecond_isARateOfBinaryUnits(double v, String text) {
    assertEquals(text, Units.bytesPerSecond(v));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0 | 0 s", "0.00000025 | 250 ns", "0.00085 | 850 µs", "0.0031 | 3.1 ms", "0.15020851100000002 | 150 ms",
      "0.3007 | 301 ms", "2 | 2 s", "2.3148 | 2.31 s", "90 | 1.5 min", "7200 | 2 h"})
  void seconds_areInTheUnitThatFits(double v, String text) {
    assertEquals(text, Units.seconds(v));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"PT0.2S | 200 ms", "PT1S | 1 s", "PT0.000001S | 1 µs", "PT5M | 5 min"})
  void duration_isPrintedAsItsSeconds(String iso, String text) {
    assertEquals(text, Units.duration(Duration.parse(iso)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"0 | 0 %", "0.003 | 0.3 %", "0.1 | 10 %", "0.85 | 85 %", "1 | 100 %",
      "0.12345 | 12.3 %"})
  void percent_isTheFractionTimesAHundred(double v, String text) {
    assertEquals(text, Units.percent(v));
  }
}
