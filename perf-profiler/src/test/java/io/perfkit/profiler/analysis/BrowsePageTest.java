package io.perfkit.profiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.profiler.Workloads;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.http.DebugHttp;
import io.perfkit.testkit.InMemoryProfileStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile browser in a real headless Chromium against a real server on loopback: it loads
 * without errors, lists the stored profiles, and a click reaches a flame graph whose widest frame
 * is the workload's hot method; the merged window's flame graph opens too. Keeps a screenshot in
 * {@code target/}.
 */
final class BrowsePageTest {

  @TempDir Path dir;

  private static final String HOT = "io.perfkit.profiler.Workloads.spinInUniquelyNamedHotMethod";

  /** The widest frame's name, the root excepted, and whether the hot method's frame is as wide. */
  private static String widest(Chromium browser) throws Exception {
    return browser.eval("(() => { const f = [...document.querySelectorAll('#graph .f')].filter(e => e.dataset.name !== 'all');"
        + " const max = Math.max(...f.map(e => e.offsetWidth));"
        + " const hot = f.filter(e => e.dataset.name === '" + HOT + "').map(e => e.offsetWidth);"
        + " return (hot.length && Math.max(...hot) >= max - 1) ? '" + HOT + "' : f.find(e => e.offsetWidth === max).dataset.name; })()")
        .asText();
  }

  private static void waitFor(Chromium browser, String condition) throws Exception {
    for (int i = 0; i < 200; i++) {
      if (browser.eval("Boolean(" + condition + ")").asBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never true: " + condition + "; status: " + browser.eval("document.body.innerText").asText());
  }

  @Test
  void theBrowser_listsStoredProfiles_andAClickReachesTheHotMethodsFlameGraph() throws Exception {
    Path chromium = Chromium.find();
    InMemoryProfileStorage storage = new InMemoryProfileStorage();
    ChunkFixture.tenMinutesFromTwoInstances(storage);
    StoredProfile cpu;
    try (Profiler profiler = Profiler.builder().workDir(dir).build()) {
      Thread hot = Workloads.background("hot", () -> Workloads.spinInUniquelyNamedHotMethod(1200));
      CaptureResult r = profiler.capture(ProfileType.CPU, Duration.ofMillis(900), Labels.empty()).get(30, TimeUnit.SECONDS);
      hot.join();
      cpu = storage.store(new ProfileMetadata(ProfileType.CPU, ChunkFixture.T0.plusSeconds(3600), Duration.ofMillis(900),
          "jfr", Labels.of(ProfileLabels.PATH, "/checkout")), r.file());
      try (DebugHttp debug = DebugHttp.builder(profiler, storage).build()) {
        HttpServer server = HttpServer.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        debug.mount(server);
        server.start();
        Path profile = Files.createTempDirectory("perfkit-chromium");
        try (Chromium browser = new Chromium(chromium, profile)) {
          String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/debug/";
          browser.navigate(base + "browse");
          waitFor(browser, "document.querySelectorAll('#profiles tbody tr').length > 0");
          assertEquals(0, browser.eval("window.pageErrors.length").asInt(), browser.eval("window.pageErrors.join('; ')").asText());
          int rows = browser.eval("document.querySelectorAll('#profiles tbody tr').length").asInt();
          assertEquals(61, rows, "sixty chunks and the capture");
          assertTrue(browser.eval("document.getElementById('status').textContent").asText().equals("61 profiles"));

          // filters narrow the list
          browser.eval("document.getElementById('label').value = 'path:/checkout';"
              + " document.getElementById('list').click(); 0");
          waitFor(browser, "document.querySelectorAll('#profiles tbody tr').length === 1");
          assertEquals(cpu.id(), browser.eval("document.querySelector('#profiles tbody tr').dataset.id").asText());
          Files.createDirectories(Path.of("target"));
          Files.write(Path.of("target", "browse.png"), browser.screenshot());

          // a click on its flame link reaches the flame graph, the hot method widest
          browser.eval("document.querySelector('#profiles tbody tr a.flame').click(); 0");
          waitFor(browser, "location.pathname.endsWith('/flame') && document.readyState === 'complete'"
              + " && document.querySelectorAll('#graph .f').length > 3");
          assertEquals(HOT, widest(browser));
          Files.write(Path.of("target", "browse-flame.png"), browser.screenshot());

          // the merged window of checkout's chunks, from the same page
          browser.navigate(base + "browse");
          waitFor(browser, "document.querySelectorAll('#profiles tbody tr').length > 0");
          browser.eval("document.getElementById('type').value = 'cpu';"
              + " document.getElementById('label').value = 'service:checkout';"
              + " document.getElementById('since').value = '" + ChunkFixture.T0 + "';"
              + " document.getElementById('until').value = '" + ChunkFixture.T0.plusSeconds(300) + "';"
              + " document.getElementById('merge').click(); 0");
          waitFor(browser, "location.pathname.endsWith('/merge') && document.readyState === 'complete'"
              + " && document.querySelectorAll('#graph .f').length > 3");
          assertTrue(browser.eval("document.title").asText().startsWith("cpu merge of 10 profiles"),
              browser.eval("document.title").asText());
        } finally {
          server.stop(0);
        }
      }
    }
  }
}
