package io.perfkit.profiler.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.JfrFiles;
import io.perfkit.profiler.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ContinuousRecorderTest {

  @TempDir Path dir;

  @Test
  void snapshot_coversTheWindowAskedFor() throws Exception {
    try (ContinuousRecorder fr = ContinuousRecorder.builder(dir).maxAge(Duration.ofMinutes(2)).maxSize(64L << 20).chunkInterval(Duration.ofMillis(500)).build().start()) {
      Thread hot = Workloads.background("hot", () -> Workloads.spinInUniquelyNamedHotMethod(3500));
      Thread.sleep(1000);
      Instant begin = Instant.now();
      Thread.sleep(1500);
      Instant end = Instant.now();
      hot.join();
      CaptureResult r = fr.snapshot(begin, end, ProfileType.CPU, Labels.of("trigger", "test"));

      Instant first = Instant.MAX;
      Instant last = Instant.MIN;
      int inWindow = 0;
      try (RecordingFile rf = new RecordingFile(r.file())) {
        while (rf.hasMoreEvents()) {
          RecordedEvent e = rf.readEvent();
          if (e.getEventType().getName().equals("jdk.ExecutionSample")) {
            first = e.getStartTime().isBefore(first) ? e.getStartTime() : first;
            last = e.getStartTime().isAfter(last) ? e.getStartTime() : last;
            if (!e.getStartTime().isBefore(begin) && !e.getStartTime().isAfter(end)) {
              inWindow++;
            }
          }
        }
      }
      assertTrue(inWindow >= 20, "samples in the window: " + inWindow);
      assertTrue(!first.isAfter(begin.plusMillis(200)) && !last.isBefore(end.minusMillis(200)),
          "samples span " + first + " .. " + last + ", window " + begin + " .. " + end);
      if (ContinuousRecorder.cutsExactly()) {
        assertTrue(!first.isBefore(begin.minusMillis(100)) && !last.isAfter(end.plusMillis(100)),
            "JDK 19+ cuts to the window: samples span " + first + " .. " + last);
      } else {
        // JDK 17: whole chunks, closed every 500 ms here
        assertTrue(!first.isBefore(begin.minusSeconds(3)), "chunk-aligned dump began at " + first);
      }
      assertEquals(begin, r.metadata().start());
      assertEquals(Duration.between(begin, end), r.metadata().duration());
      JfrFiles.assertJfrToolReads(r.file(), "jdk.ExecutionSample");
    }
  }

  @Test
  void snapshot_emptySpan_isRefused() throws Exception {
    try (ContinuousRecorder fr = ContinuousRecorder.builder(dir).maxAge(Duration.ofMinutes(1)).maxSize(16L << 20).build().start()) {
      Instant now = Instant.now();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> fr.snapshot(now, now.minusSeconds(1), ProfileType.CPU, Labels.empty()));
      assertTrue(e.getMessage().startsWith("snapshot span is empty: begin "), e.getMessage());
    }
  }

  @Test
  void builder_refusesBadValuesNamingThem_inAnyOrder() {
    ContinuousRecorder.Builder b = ContinuousRecorder.builder(dir);
    assertEquals("maxAge PT0S must be positive",
        assertThrows(IllegalArgumentException.class, () -> b.maxAge(Duration.ZERO)).getMessage());
    assertEquals("maxSize 0 must be positive",
        assertThrows(IllegalArgumentException.class, () -> b.maxSize(0)).getMessage());
    assertEquals("chunkInterval PT-1S must be zero (off) or at least 1 ms",
        assertThrows(IllegalArgumentException.class, () -> b.chunkInterval(Duration.ofSeconds(-1))).getMessage());
    assertEquals("workDir", assertThrows(NullPointerException.class, () -> ContinuousRecorder.builder(null)).getMessage());
  }

  @Test
  void builtButNotStarted_recordsNothing_andRefusesASnapshot_namingWhy() throws Exception {
    ContinuousRecorder fr = ContinuousRecorder.builder(dir).build();
    Instant now = Instant.now();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> fr.snapshot(now.minusSeconds(1), now, ProfileType.CPU, Labels.empty()));
    assertEquals("the continuous recorder in " + dir + " is not started: call start()", e.getMessage());
    assertSame(fr, fr.start().start(), "a second start does nothing");
    fr.close();
    assertThrows(IllegalStateException.class, fr::start);
  }
}
