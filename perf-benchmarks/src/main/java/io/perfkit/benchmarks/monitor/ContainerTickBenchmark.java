package io.perfkit.benchmarks.monitor;

import io.perfkit.monitor.ContainerMetrics;
import io.perfkit.monitor.JvmMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import io.perfkit.testtools.TestCgroup;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading the container's cgroup adds to a monitor tick: the benchmark's own JVM moves into a
 * cgroup with a quota of two CPUs (so that the container metrics register, and nothing is
 * throttled on a two-core machine), and a tick of the JVM metrics alone ({@code jvm}) is timed
 * against a tick of the JVM and container metrics ({@code jvm+container}), which reads
 * {@code cpu.stat} and {@code cpuacct.usage} once per tick. Needs root and a writable cgroup
 * file system.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class ContainerTickBenchmark {

  @Param({"jvm", "jvm+container"})
  public String metrics;

  private TestCgroup cgroup;
  private Monitor monitor;
  private JvmMetrics jvm;
  private ContainerMetrics container;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    cgroup = TestCgroup.create("the benchmark runs in a cgroup with a CPU quota", Duration.ofMillis(200),
        Duration.ofMillis(100));
    cgroup.add(ProcessHandle.current().pid());
    monitor = Monitor.builder().build();
    jvm = JvmMetrics.builder(monitor).build();
    if (metrics.contains("container")) {
      container = ContainerMetrics.builder(monitor).build();
      if (container.metrics().isEmpty()) {
        throw new IllegalStateException("no container metrics registered in " + cgroup.dir());
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (container != null) {
      container.close();
    }
    jvm.close();
    monitor.close();
    cgroup.close();  // moves this JVM back to the parent cgroup
  }

  @Benchmark
  public MonitorSnapshot tick() {
    return monitor.tick();
  }
}
