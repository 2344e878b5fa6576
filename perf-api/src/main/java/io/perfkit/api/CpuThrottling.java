package io.perfkit.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a container's CPU quota held the process back over a span of wall-clock time: the time
 * its threads waited for the next quota period, as the kernel's {@code cpu.stat} counts it, summed
 * over the CPUs on which they waited (two threads held back for 100 ms count 200 ms, so the time
 * can exceed the span). The monitor's {@code ContainerMetrics} answers it
 * from the cgroup; the request profiler asks it for each slow request it profiles, so that a
 * profile says when the request was slow because the quota ran out rather than because of its code.
 */
@FunctionalInterface
public interface CpuThrottling {

  /**
   * The throttled time between {@code start} and {@code end}; empty when it is not known for that
   * span (no CPU quota, or a span older than the history kept).
   */
  Optional<Duration> throttledBetween(Instant start, Instant end);
}
