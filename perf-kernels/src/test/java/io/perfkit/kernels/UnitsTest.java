package io.perfkit.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.kernel.KernelOperation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The race's table says what its numbers are, rounded for a person, and never hides a speed-up. */
final class UnitsTest {

  /** Each line: what is printed, then what is rendered (a time in ns, work, a rate, a ratio). */
  private static final String CASES = """
      850 ns        | ns 850
      1.00 µs       | ns 1000
      20.1 µs       | ns 20100
      338 µs        | ns 338180
      1.00 ms       | ns 999999
      1.23 ms       | ns 1234567
      18.7 ms       | ns 18690000
      2.50 s        | ns 2500000000
      524 kFLOP     | FLOP 524288
      2.00 kFLOP    | FLOP 2000
      267 GFLOP/s   | FLOP/s 267.4e9
      1.00 GFLOP/s  | FLOP/s 999.7e6
      999 MFLOP/s   | FLOP/s 999.4e6
      53.5 Meval/s  | eval/s 53.5e6
      5.01x         | x 5.0149
      44.0x         | x 44.0
      380x          | x 379.6
      3,980x        | x 3980.2
      1.00x         | x 1.0
      0.63x         | x 0.6321
      0.034x        | x 0.0341
      0.0042x       | x 0.00421
      """;

  @Test
  void timesRateWorkAndRatios_readAsAPersonWritesThem() {
    CASES.lines().forEach(line -> {
      String[] parts = line.split("\\|");
      String[] input = parts[1].trim().split(" ");
      double v = Double.parseDouble(input[1]);
      String got = switch (input[0]) {
        case "ns" -> Units.nanos((long) v);
        case "x" -> Units.times(v);
        default -> Units.prefixed(v, input[0]);
      };
      assertEquals(parts[0].trim(), got, line);
    });
  }

  @Test
  void theTable_showsEachRowsValuesInItsUnits_andRefusesARateAboveThePeak() {
    double peak = 84e9;
    RaceResult simd = result(KernelOperation.MATMUL, "simd", 64, 20_000, 2.0 * 64 * 64 * 64, 13.4, peak);
    RaceResult slow = result(KernelOperation.FFT, "parallel", 1024, 338_180, 5.0 * 1024 * 10, 0.034, peak);
    RaceResult adaptive = result(KernelOperation.INTEGRATE, "adaptive", 1_000_000, 49_250, 1_233, 0.47, peak);
    RaceResult wrong = result(KernelOperation.INTEGRATE, "adaptive", 10_000_000, 49_250, 10_000_001, 380, 0.1e9);
    String table = KernelRace.table(List.of(simd, slow, adaptive, wrong));

    assertTrue(table.startsWith("measured peak of this machine: 84.0 GFLOP/s"), table);
    assertTrue(row(table, "simd").matches(".*64 yes +20.0 µs +20.0 µs +524 kFLOP +26.2 GFLOP/s +13.4x"), table);
    assertEquals(26.2144, simd.gflops(), 1e-9);
    assertTrue(row(table, "parallel").matches(".*1,024 yes +338 µs +338 µs +51.2 kFLOP +151 MFLOP/s +0.034x"), table);
    assertEquals(151.4, slow.ratePerSecond() / 1e6, 0.05);
    assertTrue(row(table, "1,000,000").matches(".*49.3 µs +49.3 µs +1.23 keval +25.0 Meval/s +0.47x"), table);
    assertEquals(25.04, adaptive.ratePerSecond() / 1e6, 0.005);

    assertTrue(wrong.abovePeak() && !simd.abovePeak() && !adaptive.abovePeak());
    assertTrue(row(table, "10,000,000").contains("above peak"), table);
    assertFalse(row(table, "10,000,000").contains("203"), "the wrong rate is not printed: " + table);
    assertTrue(table.contains("integrate/adaptive at n=10,000,000: 10.0 Meval in 49.3 µs is above the measured peak"), table);
    assertFalse(table.contains("0.0x") || table.contains("NaN"), table);
  }

  private static RaceResult result(KernelOperation op, String variant, long n, long medianNs, double work,
      double speedup, double peak) {
    return new RaceResult(op, variant, n, Verification.passed(0, 1), medianNs, medianNs, work, speedup, peak);
  }

  private static String row(String table, String containing) {
    return table.lines().filter(l -> l.contains(containing) && !l.contains(":")).findFirst().orElseThrow(() ->
        new AssertionError("no row with " + containing + " in\n" + table)).trim();
  }
}
