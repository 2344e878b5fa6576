package io.perfkit.regress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line:
 * <pre>
 * java -jar perf-regress.jar compare BASE.json CANDIDATE.json [--fail-on slower&gt;5%]
 *     [--fail-on 'GLOB=slower&gt;20%'] [--format text|markdown|json] [--alpha 0.05] [--resolution 5%]
 * java -jar perf-regress.jar calibrate RUN1.json RUN2.json [--fail-on …] [--resamples 200]
 * </pre>
 * Exit status: 0 when the gate passes (or none was given), 1 when it fails, 2 on bad input.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /** Runs a command; returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    try {
      if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
        out.print(usage());
        return args.isEmpty() ? 2 : 0;
      }
      String command = args.get(0);
      List<String> files = new ArrayList<>();
      Gate gate = null;
      List<String[]> rules = new ArrayList<>();
      String format = "text";
      Comparison.Options options = Comparison.Options.defaults();
      int resamples = 200;
      for (int i = 1; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "--fail-on": {
            String v = value(args, ++i, a);
            int eq = v.indexOf('=');
            if (eq > 0) {
              rules.add(new String[] {v.substring(0, eq), v.substring(eq + 1)});
            } else {
              gate = Gate.failOn(v);
            }
            break;
          }
          case "--format":
            format = value(args, ++i, a);
            if (!List.of("text", "markdown", "json").contains(format)) {
              throw new IllegalArgumentException("format '" + format + "' is unknown; use text, markdown or json");
            }
            break;
          case "--alpha":
            options = new Comparison.Options(parseNumber(value(args, ++i, a), a), options.confidence(),
                options.resolution());
            break;
          case "--resolution":
            options = options.withResolution(parsePercent(value(args, ++i, a), a));
            break;
          case "--resamples":
            resamples = (int) parseNumber(value(args, ++i, a), a);
            break;
          default:
            if (a.startsWith("--")) {
              throw new IllegalArgumentException("unknown option '" + a + "'\n" + usage());
            }
            files.add(a);
        }
      }
      if (files.size() != 2) {
        throw new IllegalArgumentException(command + " takes two JMH JSON files, got " + files.size() + "\n" + usage());
      }
      if (gate == null && !rules.isEmpty()) {
        gate = Gate.rulesOnly();
      }
      for (String[] r : rules) {
        gate.rule(r[0], r[1]);
      }
      JmhRun first = JmhRun.read(Path.of(files.get(0)));
      JmhRun second = JmhRun.read(Path.of(files.get(1)));
      switch (command) {
        case "compare": {
          Comparison c = Comparison.of(first, second, options);
          out.print(format.equals("json") ? Report.json(c, gate) : format.equals("markdown")
              ? Report.markdown(c, gate) : Report.text(c, gate));
          if (gate == null) {
            return 0;
          }
          Gate.Result result = gate.check(c);
          if (!result.passed()) {
            err.print("regression gate failed:\n" + result.evidence());
            return 1;
          }
          return 0;
        }
        case "calibrate": {
          Gate g = gate != null ? gate : Gate.failOn("slower>5%");
          out.print(Calibration.text(Calibration.run(first, second, g, options, resamples, 1), g));
          return 0;
        }
        default:
          throw new IllegalArgumentException("unknown command '" + command + "'\n" + usage());
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println(e.getMessage());
      return 2;
    }
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  private static double parseNumber(String v, String option) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + v + "' is not a number");
    }
  }

  private static double parsePercent(String v, String option) {
    String s = v.endsWith("%") ? v.substring(0, v.length() - 1) : v;
    return parseNumber(s, option) / (v.endsWith("%") ? 100 : 1);
  }

  static String usage() {
    return String.join("\n",
        "usage: compare BASE.json CANDIDATE.json [--fail-on slower>5%] [--fail-on 'GLOB=slower>20%']",
        "               [--format text|markdown|json] [--alpha 0.05] [--resolution 5%]",
        "       calibrate RUN1.json RUN2.json [--fail-on slower>5%] [--resamples 200]",
        "JMH JSON comes from: java -jar benchmarks.jar -rf json -rff run.json",
        "exit 0: passed (or no gate), 1: a significant slowdown beyond a threshold, 2: bad input", "");
  }
}
