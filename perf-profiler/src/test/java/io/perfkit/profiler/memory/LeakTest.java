package io.perfkit.profiler.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.GoPprof;
import io.perfkit.profiler.analysis.PprofExport;
import io.perfkit.profiler.analysis.ProfileDiff;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service that leaks sessions into a static list while it churns garbage, captured as a real
 * HEAP profile: the histograms, the old objects and the heap pprof all name the leaking class and
 * the method that allocates it.
 */
final class LeakTest {

  private static final String SESSION = "io.perfkit.profiler.memory.LeakTest$Session";
  private static final String LEAK_SITE = "io.perfkit.profiler.memory.LeakTest.openSession";

  /** What leaks: a session nobody closes. */
  static final class Session {
    final long id;
    final long[] state = new long[16];

    Session(long id) {
      this.id = id;
    }
  }

  static final List<Session> OPEN = new ArrayList<>();
  static volatile Object sink;

  @TempDir static Path dir;
  private static Profiler profiler;
  private static CaptureResult heap;

  static void openSession(long id) {
    OPEN.add(new Session(id));
  }

  /** A second leak, for the heap diff. */
  static void openCart(long id) {
    OPEN.add(new Session(id));
  }

  static void handleRequests(Duration forHowLong) {
    handleRequests(forHowLong, false);
  }

  static void handleRequests(Duration forHowLong, boolean carts) {
    long end = System.nanoTime() + forHowLong.toNanos();
    long id = 0;
    while (System.nanoTime() < end) {
      if (carts) {
        openCart(id++);  // a cart service that keeps every cart, and makes no garbage
        continue;
      }
      for (int i = 0; i < 20; i++) {
        sink = new byte[256];  // garbage of every request
      }
      openSession(id++);
      if (id % 1000 == 0) {
        Thread.yield();
      }
    }
  }

  @BeforeAll
  static void captureTheLeak() throws Exception {
    profiler = Profiler.builder().workDir(dir).heapPathsToGcRoots(Duration.ofSeconds(10)).build();
    CompletableFuture<CaptureResult> f = profiler.capture(ProfileType.HEAP, Duration.ofSeconds(3), Labels.empty());
    handleRequests(Duration.ofMillis(3300));
    heap = f.get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() {
    profiler.close();
    OPEN.clear();
  }

  @Test
  void theRecordingsHistograms_rankTheLeakingClassAmongTheGrowing() throws Exception {
    List<ClassHistogram> hs = ClassHistogram.fromRecording(heap.file());
    assertTrue(hs.size() >= 2, "a HEAP capture takes a histogram at its start and its end: " + hs.size());
    ClassHistogram.Diff d = ClassHistogram.diff(hs.get(0), hs.get(hs.size() - 1));
    List<String> growing = d.growingByInstances(3).stream().map(ClassHistogram.Growth::className).toList();
    assertTrue(growing.contains(SESSION), d.report(10));
    assertTrue(d.report(10).contains(SESSION));
  }

  @Test
  void oldObjects_nameTheClassTheSiteAndThePathToTheRoot() throws Exception {
    OldObjects old = OldObjects.read(heap.file());
    assertTrue(old.samples() > 0, "no old-object samples");
    // a session, or the array inside it, allocated under openSession
    OldObjects.Candidate leak = old.candidates().stream()
        .filter(c -> c.className().equals(SESSION) || c.className().equals("[J"))
        .filter(c -> c.stack().stream().anyMatch(f -> f.startsWith(LEAK_SITE)))
        .findFirst().orElseThrow(() -> new AssertionError(old.report(10)));
    // Sized, not counted: each sample weighs its object. Which leaking object the few samples
    // draw is chance: the 16-long state array (144 B) or the Session itself (24 B: a 12-byte
    // header, the id and the array's compressed reference).
    long smallest = leak.className().equals("[J") ? 16 * 8 : 24;
    assertTrue(leak.bytes() >= smallest * leak.samples(), "sized, not counted: " + old.report(10));
    assertTrue(old.candidates().stream().anyMatch(c -> c.pathToRoot().stream().anyMatch(s -> s.startsWith("GC root"))),
        "asked for paths, the report has a GC root: " + old.report(10));
  }

  @Test
  void heapPprof_isReadByGoToolPprofAsInuseSpace_andNamesTheLeakingSite() throws Exception {
    StackProfile p = StackProfile.read(heap.file(), ProfileType.HEAP);
    assertEquals("bytes", p.unit());
    assertTrue(p.totalWeight() > p.events(), "weighted by size, not one per sample");
    Path out = dir.resolve("heap.pb.gz");
    try (OutputStream o = Files.newOutputStream(out)) {
      PprofExport.write(p, 0, System.currentTimeMillis() * 1_000_000L, 3_000_000_000L, o);
    }
    String text = GoPprof.run(dir, out, "-sample_index=inuse_space", "-top");
    assertTrue(text.contains("Type: inuse_space"), text);
    assertTrue(text.contains(LEAK_SITE), text);
  }

  @Test
  void liveHistograms_diffedAMomentApart_nameTheLeak() throws Exception {
    ClassHistogram before = ClassHistogram.capture();
    handleRequests(Duration.ofMillis(300));
    ClassHistogram after = ClassHistogram.capture();
    ClassHistogram.Diff d = ClassHistogram.diff(before, after);
    ClassHistogram.Growth g = d.classes().stream().filter(c -> c.className().equals(SESSION)).findFirst().orElseThrow();
    assertTrue(g.instancesDelta() > 0 && g.bytesDelta() > 0, d.report(10));
    assertEquals(after.entry(SESSION).orElseThrow().instances(), OPEN.size(), "a live histogram counts every session");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassHistogram.diff(after, before));
    assertTrue(e.getMessage().contains("backwards"), e.getMessage());
  }

  @Test
  void parse_readsJmapHistoText() {
    ClassHistogram h = ClassHistogram.parse(Instant.EPOCH, String.join("\n",
        " num     #instances         #bytes  class name (module)",
        "-------------------------------------------------------",
        "   1:         12345         987600  [B (java.base@17.0.15)",
        "   2:           500          12000  com.example.Session",
        "Total         12845         999600"));
    assertEquals(2, h.top(10).size());
    assertEquals(new ClassHistogram.Entry("[B", 12345, 987600), h.top(1).get(0));
    assertEquals(999600, h.totalBytes());
    assertFalse(h.entry("missing").isPresent());
  }

  @Test
  void javaName_writesArrayClassesAsSourceDoes() {
    assertEquals("long[]", ClassHistogram.javaName("[J"));
    assertEquals("byte[][]", ClassHistogram.javaName("[[B"));
    assertEquals("java.lang.String[]", ClassHistogram.javaName("[Ljava.lang.String;"));
    assertEquals("com.example.Session", ClassHistogram.javaName("com.example.Session"));
    assertEquals("[Q", ClassHistogram.javaName("[Q"));
    assertEquals("[Lbroken", ClassHistogram.javaName("[Lbroken"));
  }

  @Test
  void twoHeapProfiles_diffed_showTheNewLeakGainingItsShare() throws Exception {
    CompletableFuture<CaptureResult> f = profiler.capture(ProfileType.HEAP, Duration.ofSeconds(2), Labels.empty());
    handleRequests(Duration.ofMillis(2300), true);
    CaptureResult later = f.get(60, TimeUnit.SECONDS);
    ProfileDiff d = ProfileDiff.of(StackProfile.read(heap.file(), ProfileType.HEAP),
        StackProfile.read(later.file(), ProfileType.HEAP));
    double grown = d.deltas().stream().filter(x -> x.method().equals("io.perfkit.profiler.memory.LeakTest.openCart"))
        .mapToDouble(ProfileDiff.Delta::totalDelta).findFirst().orElse(0);
    assertTrue(grown > 0, "the carts' share of the live bytes grew from none: " + d.report(10));
    later.deleteFile();
  }
}
