package io.perfkit.profiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flame graph opened in a real headless browser: it renders, the hot frame shows, a click zooms. */
final class FlameGraphBrowserTest {

  @TempDir Path dir;

  @Test
  void flameGraph_rendersShowsTheHotFrameAndZoomsOnClick() throws Exception {
    Path chromium = Chromium.find();
    Path jfr = dir.resolve("hot.jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      r.start();
      AnalysisTest.alphaHot(800);
      AnalysisTest.betaHot(300);
      r.stop();
      r.dump(jfr);
    }
    Path html = dir.resolve("flame.html");
    Files.writeString(html, FlameGraph.html("cpu flame graph", StackProfile.read(jfr, ProfileType.CPU)));

    // the browser profile lives outside the test's temp dir: helpers may still hold it briefly
    Path profile = Files.createTempDirectory("perfkit-chromium");
    try (Chromium browser = new Chromium(chromium, profile)) {
      browser.navigate(html.toUri().toString());
      int frames = browser.eval("document.querySelectorAll('#graph .f').length").asInt();
      assertTrue(frames > 5, "frames drawn: " + frames);
      String alpha = "io.perfkit.profiler.analysis.AnalysisTest.alphaHot";
      double alphaWidth = browser.eval("Math.max(...[...document.querySelectorAll('#graph .f')]"
          + ".filter(e => e.dataset.name === '" + alpha + "').map(e => e.offsetWidth))").asDouble();
      double graphWidth = browser.eval("document.getElementById('graph').clientWidth").asDouble();
      assertTrue(alphaWidth > graphWidth * 0.4, "the hot frame is wide: " + alphaWidth + " of " + graphWidth);

      String beta = "io.perfkit.profiler.analysis.AnalysisTest.betaHot";
      browser.eval("[...document.querySelectorAll('#graph .f')].find(e => e.dataset.name === '" + beta + "').click()");
      assertEquals(beta, browser.eval("document.getElementById('graph').dataset.zoomed").asText());
      double betaWidth = browser.eval("[...document.querySelectorAll('#graph .f')].find(e => e.dataset.name === '"
          + beta + "').offsetWidth").asDouble();
      assertTrue(betaWidth > graphWidth * 0.95, "after the click the frame fills the width: " + betaWidth);
      String status = browser.eval("document.getElementById('status').textContent").asText();
      assertTrue(status.contains("zoomed to " + beta), status);

      browser.eval("document.getElementById('reset').click(); 0");
      assertEquals("all", browser.eval("document.getElementById('graph').dataset.zoomed").asText());
      browser.eval("var s = document.getElementById('search'); s.value = 'alphaHot'; s.dispatchEvent(new Event('input')); 0");
      assertTrue(browser.eval("document.querySelectorAll('#graph .f.match').length").asInt() >= 1);

      Path shot = Path.of("target", "flamegraph.png");
      Files.createDirectories(shot.getParent());
      byte[] png = browser.screenshot();
      Files.write(shot, png);
      assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    }
  }
}
