package io.perfkit.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.perfkit.kernels.KernelRace;
import io.perfkit.kernels.RaceResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The seed's BenchmarkAll, done right: every kernel verified, then raced. */
final class KernelsProgram implements ExampleProgram {

  @Override
  public String name() {
    return "kernels";
  }

  @Override
  public String summary() {
    return "verify every kernel variant against its oracle, then race them (--quick, --json)";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: java -jar perf-examples.jar kernels [--quick] [--json]",
        "  (run the JVM with --add-modules jdk.incubator.vector to include the SIMD variants)",
        "",
        "Discovers every kernel (dot, matmul, integrate, fft; ours and any on the class path),",
        "verifies each against its operation's oracle on seeded inputs, then times those that",
        "pass, after a warm-up: median and p99 (HdrHistogram), the work a call did (FLOP, or",
        "integrand evaluations counted in a call), its rate, and its speedup over the oracle.",
        "A rate above the machine's peak, measured first, is not shown, and the exit status is 1.",
        "Without --add-modules jdk.incubator.vector the SIMD variants are skipped.",
        "",
        "  --quick   small sizes, about a minute",
        "  --json    print a JSON array of {operation, variant, n, verified, error, tolerance,",
        "            failure (when not verified), medianNs, p99Ns, work, workUnit (flop or",
        "            evaluation), ratePerSecond, gflops (when work is FLOP), speedupVsOracle,",
        "            peakGflops, abovePeak (then no rate)} instead of the table");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of(), Set.of("--quick", "--json"));
    List<RaceResult> results = (a.flag("--quick") ? KernelRace.quick() : KernelRace.full()).run();
    if (a.flag("--json")) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (RaceResult r : results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operation", r.operation().wireName());
        m.put("variant", r.variant());
        m.put("n", r.n());
        m.put("verified", r.verified());
        if (Double.isFinite(r.verification().error())) {
          m.put("error", r.verification().error());
          m.put("tolerance", r.verification().tolerance());
        }
        if (!r.verified()) {
          m.put("failure", r.verification().detail());
        }
        if (r.verified()) {
          m.put("medianNs", r.medianNs());
          m.put("p99Ns", r.p99Ns());
          m.put("work", r.work());
          m.put("workUnit", r.countsFlops() ? "flop" : "evaluation");
          if (!r.abovePeak()) {
            m.put("ratePerSecond", r.ratePerSecond());
            if (r.countsFlops()) {
              m.put("gflops", r.gflops());
            }
            m.put("speedupVsOracle", r.speedupVsOracle());
          }
          m.put("peakGflops", r.peakFlops() / 1e9);
          m.put("abovePeak", r.abovePeak());
        }
        rows.add(m);
      }
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else {
      out.print(KernelRace.table(results));
      out.println();
      out.println(best(results));
    }
    return results.stream().allMatch(r -> r.verified() && !r.abovePeak()) ? 0 : 1;
  }

  /** The verified variant of each operation with the highest rate at its largest size. */
  static List<RaceResult> bestPerOperation(List<RaceResult> results) {
    Map<io.perfkit.api.kernel.KernelOperation, RaceResult> best = new LinkedHashMap<>();
    for (RaceResult r : results) {
      if (!r.verified()) {
        continue;
      }
      RaceResult b = best.get(r.operation());
      if (b == null || r.n() > b.n() || (r.n() == b.n() && r.ratePerSecond() > b.ratePerSecond())) {
        best.put(r.operation(), r);
      }
    }
    return new ArrayList<>(best.values());
  }

  /** One line naming the best variant of each operation with its rate and speedup. */
  static String best(List<RaceResult> results) {
    StringBuilder sb = new StringBuilder("best:");
    bestPerOperation(results).forEach(r -> sb.append(String.format(java.util.Locale.ROOT, " %s %s, %s (n=%,d);", r.key(),
        r.rateText(), r.speedupText(), r.n())));
    return sb.toString();
  }
}
