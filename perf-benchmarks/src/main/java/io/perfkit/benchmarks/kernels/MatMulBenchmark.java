package io.perfkit.benchmarks.kernels;

import io.perfkit.api.kernel.MatMulKernel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
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
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;

/**
 * C = A·B for square n×n matrices, each variant, beside EJML (single- and multi-threaded) and
 * ojAlgo. Outputs are per-thread state, so {@code -t 2} is sound.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@State(Scope.Thread)
public class MatMulBenchmark {

  @Param({"256", "512", "1024"})
  public int n;

  private double[] a;
  private double[] b;
  private double[] c;
  private DMatrixRMaj ea;
  private DMatrixRMaj eb;
  private DMatrixRMaj ec;
  private R064Store oa;
  private R064Store ob;
  private R064Store oc;
  private final MatMulKernel naive = Variants.get("matmul/naive", MatMulKernel.class);
  private final MatMulKernel ikj = Variants.get("matmul/ikj", MatMulKernel.class);
  private final MatMulKernel blocked = Variants.get("matmul/blocked", MatMulKernel.class);
  private final MatMulKernel simd = Variants.get("matmul/simd", MatMulKernel.class);
  private final MatMulKernel parallel = Variants.get("matmul/parallel", MatMulKernel.class);

  @Setup(Level.Trial)
  public void setUp() {
    Random r = new Random(2);
    a = r.doubles((long) n * n, -1, 1).toArray();
    b = r.doubles((long) n * n, -1, 1).toArray();
    c = new double[n * n];
    ea = new DMatrixRMaj(n, n, true, a);
    eb = new DMatrixRMaj(n, n, true, b);
    ec = new DMatrixRMaj(n, n);
    oa = R064Store.FACTORY.rows(rows(a));
    ob = R064Store.FACTORY.rows(rows(b));
    oc = R064Store.FACTORY.make(n, n);
  }

  private double[][] rows(double[] m) {
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m, i * n, out[i], 0, n);
    }
    return out;
  }

  @Benchmark
  public double[] naive() {
    naive.multiply(a, b, c, n, n, n);
    return c;
  }

  @Benchmark
  public double[] ikj() {
    ikj.multiply(a, b, c, n, n, n);
    return c;
  }

  @Benchmark
  public double[] blocked() {
    blocked.multiply(a, b, c, n, n, n);
    return c;
  }

  @Benchmark
  public double[] simd() {
    simd.multiply(a, b, c, n, n, n);
    return c;
  }

  @Benchmark
  public double[] parallel() {
    parallel.multiply(a, b, c, n, n, n);
    return c;
  }

  @Benchmark
  public DMatrixRMaj peerEjml() {
    CommonOps_DDRM.mult(ea, eb, ec);
    return ec;
  }

  @Benchmark
  public DMatrixRMaj peerEjmlMT() {
    CommonOps_MT_DDRM.mult(ea, eb, ec);
    return ec;
  }

  @Benchmark
  public MatrixStore<Double> peerOjAlgo() {
    oa.multiply(ob, oc);
    return oc;
  }
}
