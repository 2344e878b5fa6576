package io.perfkit.benchmarks.kernels;

import io.perfkit.api.kernel.Integrand;
import io.perfkit.api.kernel.IntegrateKernel;
import io.perfkit.kernels.internal.Integrands;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** ∫₀¹⁰ sin(x)·e^(−0.1x) dx over {@code n} intervals, each variant. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class IntegrateBenchmark {

  @Param({"10000", "10000000"})
  public int n;

  private final Integrand f = Integrands.dampedSine();
  private final IntegrateKernel trapezoid = Variants.get("integrate/trapezoid", IntegrateKernel.class);
  private final IntegrateKernel simpson = Variants.get("integrate/simpson", IntegrateKernel.class);
  private final IntegrateKernel parallel = Variants.get("integrate/parallel", IntegrateKernel.class);
  private final IntegrateKernel simd = Variants.get("integrate/simd", IntegrateKernel.class);
  private final IntegrateKernel adaptive = Variants.get("integrate/adaptive", IntegrateKernel.class);

  @Benchmark
  public double trapezoid() {
    return trapezoid.integrate(f, 0, 10, n);
  }

  @Benchmark
  public double simpson() {
    return simpson.integrate(f, 0, 10, n);
  }

  @Benchmark
  public double parallel() {
    return parallel.integrate(f, 0, 10, n);
  }

  @Benchmark
  public double simd() {
    return simd.integrate(f, 0, 10, n);
  }

  /** n caps the evaluations; it stops at its tolerance long before a large n. */
  @Benchmark
  public double adaptive() {
    return adaptive.integrate(f, 0, 10, n);
  }
}
