package io.perfkit.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.tck.MeterRegistryCompatibilityKit;
import io.perfkit.monitor.Monitor;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * Micrometer's own contract for registries, every test of it, none overridden: the registry on a
 * {@link MockClock}, the monitor on the same clock. The monitor never ticks here, so everything
 * the kit reads comes from the bridge's up-to-now view.
 */
final class PerfkitMeterRegistryCompatibilityTest extends MeterRegistryCompatibilityKit {

  private final MockClock clock = new MockClock();
  private final Monitor monitor = Monitor.builder().timeSource(PerfkitMeterRegistry.timeSource(clock)).build();

  @Override
  public MeterRegistry registry() {
    return PerfkitMeterRegistry.builder(monitor).clock(clock).build();
  }

  /**
   * Long enough that a maximum seen one step after it was recorded has decayed three steps
   * later, as the kit's {@code recordMax} expects of Micrometer's 2-minute default.
   */
  @Override
  public Duration step() {
    return Duration.ofMinutes(1);
  }

  @AfterEach
  void closeMonitor() {
    registry.close();
    monitor.close();
  }
}
