package io.perfkit.benchmarks.kernels;

import io.perfkit.api.kernel.DotKernel;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;

/** Dot product of two vectors of {@code n} doubles, each variant. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class DotBenchmark {

  @Param({"1000", "10000000"})
  public int n;

  private double[] a;
  private double[] b;
  private final DotKernel naive = Variants.get("dot/naive", DotKernel.class);
  private final DotKernel unrolled = Variants.get("dot/unrolled", DotKernel.class);
  private final DotKernel parallel = Variants.get("dot/parallel", DotKernel.class);
  private final DotKernel simd = Variants.get("dot/simd", DotKernel.class);

  @Setup(Level.Trial)
  public void setUp() {
    Random r = new Random(1);
    a = r.doubles(n, -1, 1).toArray();
    b = r.doubles(n, -1, 1).toArray();
  }

  @Benchmark
  public double naive() {
    return naive.dot(a, b);
  }

  @Benchmark
  public double unrolled() {
    return unrolled.dot(a, b);
  }

  @Benchmark
  public double parallel() {
    return parallel.dot(a, b);
  }

  @Benchmark
  public double simd() {
    return simd.dot(a, b);
  }
}
