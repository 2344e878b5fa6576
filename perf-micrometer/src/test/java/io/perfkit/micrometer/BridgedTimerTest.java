package io.perfkit.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Timer;
import io.perfkit.monitor.Monitor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A bridged timer records in every unit, straight from nanoseconds or converted, and ignores negatives. */
final class BridgedTimerTest {

  private final Monitor monitor = Monitor.builder().build();
  private final PerfkitMeterRegistry registry = PerfkitMeterRegistry.builder(monitor).build();

  @AfterEach
  void close() {
    registry.close();
    monitor.close();
  }

  @Test
  void nanosecondsOtherUnitsAndDurations_areAllRecorded() {
    Timer t = registry.timer("units");
    t.record(4_000_000, TimeUnit.NANOSECONDS);
    t.record(2, TimeUnit.MILLISECONDS);
    t.record(Duration.ofMillis(3));
    assertEquals(3, t.count());
    assertEquals(9.0, t.totalTime(TimeUnit.MILLISECONDS));
    assertEquals(4.0, t.max(TimeUnit.MILLISECONDS));
  }

  @Test
  void negativeAmounts_areIgnoredInEveryUnit() {
    Timer t = registry.timer("negative");
    t.record(-1, TimeUnit.NANOSECONDS);
    t.record(-1, TimeUnit.SECONDS);
    t.record(Duration.ofNanos(-5));
    t.record(1, TimeUnit.MICROSECONDS);
    assertEquals(1, t.count());
    assertEquals(1_000.0, t.totalTime(TimeUnit.NANOSECONDS));
  }
}
