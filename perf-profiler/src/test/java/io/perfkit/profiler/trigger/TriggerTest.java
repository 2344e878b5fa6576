package io.perfkit.profiler.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.TimeSource;
import io.perfkit.testkit.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class TriggerTest {

  @Test
  void rateLimiter_refillsOnTheInjectedClock() {
    ManualTimeSource time = new ManualTimeSource();
    TokenBucket r = new TokenBucket(2, Duration.ofSeconds(10), time);
    assertTrue(r.tryAcquire());
    assertTrue(r.tryAcquire());
    assertFalse(r.tryAcquire());
    time.advance(Duration.ofSeconds(4));
    assertFalse(r.tryAcquire(), "0.8 of a token");
    time.advance(Duration.ofSeconds(1));
    assertTrue(r.tryAcquire());
    time.advance(Duration.ofHours(1));
    assertTrue(r.tryAcquire());
    assertTrue(r.tryAcquire());
    assertFalse(r.tryAcquire(), "the bucket holds at most 2");
  }

  @Test
  void trigger_samplesThenLimits_andCountsEachDecision() {
    double[] draws = {0.5, 0.05, 0.05, 0.05, 0.2};
    int[] i = {0};
    ProfileTrigger t = ProfileTrigger.builder("t").sampleRate(0.1).rateLimit(2, Duration.ofMinutes(1))
        .timeSource(new ManualTimeSource()).random(() -> draws[i[0]++]).build();
    assertFalse(t.shouldProfile(), "0.5 ≥ 0.1: sampled out");
    assertTrue(t.shouldProfile());
    assertTrue(t.shouldProfile());
    assertFalse(t.shouldProfile(), "limited");
    assertFalse(t.shouldProfile());
    assertEquals(5, t.considered());
    assertEquals(2, t.sampledOut());
    assertEquals(1, t.limited());
    assertEquals(2, t.fired());
  }

  @Test
  void badSettings_areRefusedNamingThem() {
    assertEquals("trigger x sample rate 0.0 must be a fraction in (0, 1]",
        assertThrows(IllegalArgumentException.class, () -> ProfileTrigger.builder("x").sampleRate(0)).getMessage());
    assertEquals("trigger x rate limit permits 0 must be positive",
        assertThrows(IllegalArgumentException.class, () -> ProfileTrigger.builder("x").rateLimit(0, Duration.ofSeconds(1))).getMessage());
    assertEquals("rate limit permits 0 must be positive",
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, Duration.ofSeconds(1), TimeSource.system())).getMessage());
  }
}
