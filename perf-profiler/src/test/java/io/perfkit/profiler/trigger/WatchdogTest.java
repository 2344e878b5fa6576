package io.perfkit.profiler.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conditional profiling: at a call site, and on the watchdog's schedule with one cooldown per check. */
final class WatchdogTest {

  @TempDir Path dir;

  @Test
  void aCustomCheck_profilesWhileItHolds_oncePerCooldown_setBeforeOrAfterTheCheck() throws Exception {
    ManualTimeSource time = new ManualTimeSource();
    BlockingQueue<CaptureResult> got = new LinkedBlockingQueue<>();
    AtomicBoolean backlogged = new AtomicBoolean(true);
    try (Profiler profiler = Profiler.builder().workDir(dir).build();
        Watchdog dog = Watchdog.builder(profiler, got::add)
            .check("backlog", backlogged::get, ProfileType.THREAD_DUMP)
            .check("broken", () -> {
              throw new IllegalStateException("no queue");
            }, ProfileType.CPU)
            .cooldown(Duration.ofMinutes(1))  // after the checks: it still applies to them
            .timeSource(time).build()) {
      assertEquals(List.of("backlog"), dog.runChecks(), "a check that throws does not stop the others");
      CaptureResult dump = got.poll(30, TimeUnit.SECONDS);
      assertEquals(ProfileType.THREAD_DUMP, dump.metadata().type());
      assertEquals("backlog", dump.metadata().labels().get(ProfileLabels.TRIGGER).orElseThrow());
      assertFalse(dump.metadata().labels().get("deadlock.threads").isPresent(), "no deadlock here");
      dump.deleteFile();

      time.advance(Duration.ofSeconds(59));
      assertEquals(List.of(), dog.runChecks(), "within the minute's cooldown, not the default five");
      time.advance(Duration.ofSeconds(2));
      backlogged.set(false);
      assertEquals(List.of(), dog.runChecks(), "the condition no longer holds");
      backlogged.set(true);
      assertEquals(List.of("backlog"), dog.runChecks(), "the cooldown is over");
      got.poll(30, TimeUnit.SECONDS).deleteFile();
      assertEquals(2, dog.fired());
    }
  }

  @Test
  void atACallSite_theTriggerIsAskedOnlyWhenTheConditionHolds() throws Exception {
    BlockingQueue<CaptureResult> got = new LinkedBlockingQueue<>();
    double[] draws = {0.5, 0.05};
    int[] i = {0};
    ProfileTrigger errors = ProfileTrigger.builder("errors").sampleRate(0.1).rateLimit(1, Duration.ofMinutes(1))
        .timeSource(new ManualTimeSource()).random(() -> draws[i[0]++]).build();
    try (Profiler profiler = Profiler.builder().workDir(dir).build()) {
      ConditionalProfiler conditional = new ConditionalProfiler(profiler, got::add);
      Labels labels = Labels.of("queue", "orders");
      assertFalse(conditional.profileIf(ProfileType.THREAD_DUMP, Duration.ZERO, () -> false, errors, labels));
      assertEquals(0, errors.considered(), "a condition that does not hold asks nothing");
      assertFalse(conditional.profileIf(ProfileType.THREAD_DUMP, Duration.ZERO, () -> true, errors, labels),
          "0.5 ≥ 0.1: sampled out");
      assertTrue(conditional.profileIf(ProfileType.THREAD_DUMP, Duration.ZERO, () -> true, errors, labels));
      CaptureResult r = got.poll(30, TimeUnit.SECONDS);
      assertEquals("errors", r.metadata().labels().get(ProfileLabels.TRIGGER).orElseThrow());
      assertEquals("orders", r.metadata().labels().get("queue").orElseThrow());
      r.deleteFile();
      assertEquals(2, errors.considered());
      assertEquals(1, errors.fired());
    }
  }

  @Test
  void badSettings_areRefusedNamingThem() throws Exception {
    try (Profiler profiler = Profiler.builder().workDir(dir).build()) {
      Watchdog.Builder b = Watchdog.builder(profiler, r -> { });
      assertEquals("watchdog cooldown PT0S must be positive",
          assertThrows(IllegalArgumentException.class, () -> b.cooldown(Duration.ZERO)).getMessage());
      assertEquals("watchdog capture duration PT-1S must be positive",
          assertThrows(IllegalArgumentException.class, () -> b.captureDuration(Duration.ofSeconds(-1))).getMessage());
    }
  }

  @Test
  void aCaptureLongerThanTheProfilerTakes_isRefusedAtBuild_notAtEveryFiring() throws Exception {
    try (Profiler profiler = Profiler.builder().workDir(dir).maxDuration(Duration.ofSeconds(20)).build()) {
      assertEquals("watchdog capture duration PT30S is longer than the profiler's maxDuration PT20S",
          assertThrows(IllegalArgumentException.class, () -> Watchdog.builder(profiler, r -> { })
              .captureDuration(Duration.ofSeconds(30)).check("x", () -> true, ProfileType.CPU).build()).getMessage());
      assertEquals("alert capture duration PT1M is longer than the profiler's maxDuration PT20S",
          assertThrows(IllegalArgumentException.class, () -> AlertCaptures.builder(profiler, r -> { })
              .duration(Duration.ofMinutes(1)).build()).getMessage());
      Watchdog.builder(profiler, r -> { }).captureDuration(Duration.ofSeconds(20)).build().close();
    }
  }
}
