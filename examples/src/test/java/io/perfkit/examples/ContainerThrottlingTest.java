package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.TestCgroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A slow request in a container whose CPU quota runs out: its profile says how long the quota held
 * the process back during the request, and that agrees with the kernel's own count.
 */
final class ContainerThrottlingTest {

  @Test
  void aSlowRequestsProfile_saysHowLongTheQuotaHeldItBack() throws Exception {
    try (TestCgroup cgroup = TestCgroup.create("a slow request's profile is checked against a real CPU quota",
        Duration.ofMillis(5), Duration.ofMillis(10))) {
      Map<String, String> said = cgroup.runInside(ThrottledRequestChild.class, List.of(cgroup.dir().toString()), () -> { });
      System.out.println("the request's throttling, by its profile and by the kernel: " + said);
      assertTrue(said.getOrDefault("metrics", "").contains("container.cpu.throttled.seconds"), said.toString());
      long kernel = Long.parseLong(said.get("kernel"));
      long label = Long.parseLong(said.get("label"));
      // two threads on half a CPU for a second: held back most of it, on both CPUs
      assertTrue(kernel > 300, "the quota ran out during the request: " + said);
      assertEquals(kernel, label, 0.15 * kernel + 20, "the profile's cpu_throttled_ms against cpu.stat: " + said);
    }
  }
}
