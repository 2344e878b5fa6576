package io.perfkit.profiler.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.testkit.ManualTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A firing rule's profile label becomes a real capture, once per cooldown. */
final class AlertCapturesTest {

  @TempDir Path dir;

  @Test
  void theRulesProfileLabel_isCaptured_labelledWithTheAlert_oncePerCooldown() throws Exception {
    ManualTimeSource time = new ManualTimeSource();
    BlockingQueue<CaptureResult> got = new LinkedBlockingQueue<>();
    try (Profiler profiler = Profiler.builder().workDir(dir).build()) {
      AlertCaptures captures = AlertCaptures.builder(profiler, got::add).duration(Duration.ofMillis(300))
          .cooldown(Duration.ofMinutes(1)).timeSource(time).build();
      Labels heapRule = Labels.of(ProfileLabels.PROFILE, "heap");
      assertEquals(Optional.of(ProfileType.HEAP), captures.fired("JvmHeapAfterGc", heapRule));
      CaptureResult r = got.poll(30, TimeUnit.SECONDS);
      assertEquals(ProfileType.HEAP, r.metadata().type());
      assertEquals("alert", r.metadata().labels().get(ProfileLabels.TRIGGER).orElseThrow());
      assertEquals("JvmHeapAfterGc", r.metadata().labels().get(ProfileLabels.ALERT).orElseThrow());

      time.advance(Duration.ofSeconds(30));
      assertEquals(Optional.empty(), captures.fired("JvmHeapAfterGc", heapRule), "within the cooldown");
      assertEquals(1, captures.skipped());
      time.advance(Duration.ofSeconds(31));
      assertEquals(Optional.of(ProfileType.THREAD_DUMP),
          captures.fired("JvmDeadlock", Labels.of(ProfileLabels.PROFILE, "thread_dump")));
      assertEquals(ProfileType.THREAD_DUMP, got.poll(30, TimeUnit.SECONDS).metadata().type());

      assertEquals(Optional.empty(), captures.fired("RequestBurst", Labels.empty()), "no label, no capture");
      IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
          () -> captures.fired("Odd", Labels.of(ProfileLabels.PROFILE, "memory")));
      assertTrue(bad.getMessage().contains("'memory'"), bad.getMessage());
      assertEquals(2, captures.started());
      r.deleteFile();
    }
  }
}
