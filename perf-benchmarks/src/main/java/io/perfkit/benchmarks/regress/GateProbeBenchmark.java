package io.perfkit.benchmarks.regress;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A deliberately tiny benchmark whose cost is set by the system property
 * {@code perfkit.gateProbe.work} (200 by default): the regression gate's own tests run it twice,
 * the second time made slower on purpose, the way a code change would, under the same name and
 * parameters, and check that the gate sees it. A chain of dependent multiply-adds, so its time
 * is the work times one floating-point latency.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class GateProbeBenchmark {

  private int work;
  private double x = 1;

  @Setup
  public void setUp() {
    work = Integer.getInteger("perfkit.gateProbe.work", 200);
  }

  @Benchmark
  public double chain() {
    double v = x;
    for (int i = 0; i < work; i++) {
      v = v * 1.0000001 + 1e-9;
    }
    x = v;
    return v;
  }
}
