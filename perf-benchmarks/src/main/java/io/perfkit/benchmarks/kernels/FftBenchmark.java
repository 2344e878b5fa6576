package io.perfkit.benchmarks.kernels;

import io.perfkit.api.kernel.FftKernel;
import io.perfkit.kernels.Kernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jtransforms.fft.DoubleFFT_1D;
import org.visnow.jlargearrays.ConcurrencyUtils;
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

/**
 * In-place complex FFT of {@code n} points in JTransforms' interleaved layout; the input is
 * restored before every call, for every contender. JTransforms runs single-threaded
 * ({@code ConcurrencyUtils.setNumberOfThreads(1)}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class FftBenchmark {

  @Param({"1024", "65536", "1048576"})
  public int n;

  private double[] input;
  private double[] realInput;
  private double[] work;
  private DoubleFFT_1D jtransforms;
  private final FftKernel recursive = Variants.get("fft/recursive", FftKernel.class);
  private final FftKernel iterative = Variants.get("fft/iterative", FftKernel.class);
  private final FftKernel parallel = Variants.get("fft/parallel", FftKernel.class);
  private final FftKernel simd = Variants.get("fft/simd", FftKernel.class);
  private final FftKernel bluestein = Variants.get("fft/bluestein", FftKernel.class);

  @Setup(Level.Trial)
  public void setUp() {
    ConcurrencyUtils.setNumberOfThreads(1);
    input = new Random(3).doubles(2L * n, -1, 1).toArray();
    realInput = new Random(4).doubles(n, -1, 1).toArray();
    work = new double[2 * n];
    jtransforms = new DoubleFFT_1D(n);
  }

  private double[] fresh() {
    System.arraycopy(input, 0, work, 0, work.length);
    return work;
  }

  @Benchmark
  public double[] recursive() {
    recursive.forward(fresh());
    return work;
  }

  @Benchmark
  public double[] iterative() {
    iterative.forward(fresh());
    return work;
  }

  @Benchmark
  public double[] parallel() {
    parallel.forward(fresh());
    return work;
  }

  @Benchmark
  public double[] simd() {
    simd.forward(fresh());
    return work;
  }

  /** At a power of two it runs the iterative kernel; the race times it there too. */
  @Benchmark
  public double[] bluestein() {
    bluestein.forward(fresh());
    return work;
  }

  @Benchmark
  public double[] peerJTransforms() {
    jtransforms.complexForward(fresh());
    return work;
  }

  /** The transform of n real samples (n complex outputs), on the single-thread SIMD variant. */
  @Benchmark
  public double[] realForward() {
    return Kernels.realForward(simd, realInput);
  }

  /** JTransforms' real transform with the full n complex outputs, in place: samples restored first. */
  @Benchmark
  public double[] peerJTransformsRealForwardFull() {
    System.arraycopy(realInput, 0, work, 0, n);
    jtransforms.realForwardFull(work);
    return work;
  }

  @Benchmark
  public double[] baselineCopy() {
    return fresh();
  }
}
