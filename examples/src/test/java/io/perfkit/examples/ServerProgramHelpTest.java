package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the server example's help says of its endpoints is what they take, measured. */
final class ServerProgramHelpTest {

  private final String help = new ServerProgram().help().replace("\n", " ");

  /** The fastest of five runs, in ms: the work itself, with the least interference of other processes. */
  private static double fastestMillis(Runnable work) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      work.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e6);
    }
    return best;
  }

  @Test
  void slow_takesAboutWhatTheHelpSays() {
    Matcher m = Pattern.compile("/slow \\(about (\\d+) ms").matcher(help);
    assertTrue(m.find(), help);
    double said = Double.parseDouble(m.group(1));
    double took = fastestMillis(DemoService::slowWork);
    assertTrue(took > 0.7 * said && took < 1.7 * said, "/slow takes " + took + " ms; the help says about " + said);
  }

  @Test
  void verySlow_takesOverASecond_andFast_aFewMilliseconds() {
    assertTrue(help.contains("/very-slow (over 1 s, 350 ms of it CPU"), help);
    long t0 = System.nanoTime();
    DemoService.verySlowWork();
    double took = (System.nanoTime() - t0) / 1e6;
    assertTrue(took > 1000, "/very-slow takes " + took + " ms");
    assertTrue(help.contains("/fast (a few ms)"), help);
    double fast = fastestMillis(DemoService::fastWork);
    assertTrue(fast < 10, "/fast takes " + fast + " ms");
  }
}
