package io.perfkit.regress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One JMH benchmark at one set of parameters: every measured iteration of every fork, as JMH
 * wrote them to its JSON result ({@code -rf json}).
 *
 * @param benchmark the benchmark method's full name, {@code package.Class.method}
 * @param params its {@code @Param} values, sorted by name
 * @param mode JMH's mode: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
 * @param unit the score's unit, {@code ns/op} or {@code ops/s}
 * @param threads the threads JMH ran it on
 * @param forks each fork's iteration scores, in order
 */
public record JmhResult(String benchmark, SortedMap<String, String> params, String mode, String unit, int threads,
    List<double[]> forks) {

  public JmhResult {
    Objects.requireNonNull(benchmark, "benchmark");
    params = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(params));
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(unit, "unit");
    List<double[]> copy = new ArrayList<>();
    for (double[] f : forks) {
      copy.add(f.clone());
    }
    forks = List.copyOf(copy);
  }

  /**
   * What identifies a row across runs: the benchmark's short name ({@code Class.method}), its
   * parameters and, when not 1, its thread count; {@code StoreBenchmark.store/sizeBytes=65536}.
   */
  public String key() {
    StringBuilder sb = new StringBuilder(shortName());
    for (Map.Entry<String, String> e : params.entrySet()) {
      sb.append('/').append(e.getKey()).append('=').append(e.getValue());
    }
    if (threads != 1) {
      sb.append("/threads=").append(threads);
    }
    return sb.toString();
  }

  /** {@code Class.method}, without the package. */
  public String shortName() {
    int method = benchmark.lastIndexOf('.');
    int cls = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
    return benchmark.substring(cls + 1);
  }

  /** Whether a larger score is better: throughput ({@code thrpt}) rather than time. */
  public boolean higherIsBetter() {
    return mode.equals("thrpt");
  }

  /** Every iteration of every fork, in one array. */
  public double[] samples() {
    return forks.stream().flatMapToDouble(Arrays::stream).toArray();
  }

  /** The median of each fork's iterations: what varies from one JVM to the next. */
  public double[] forkMedians() {
    return forks.stream().mapToDouble(Stats::median).toArray();
  }

  @Override
  public String toString() {
    return key() + " (" + mode + ", " + forks.size() + " forks, " + samples().length + " samples)";
  }
}
