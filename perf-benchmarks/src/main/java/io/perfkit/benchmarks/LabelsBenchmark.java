package io.perfkit.benchmarks;

import io.perfkit.api.Labels;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What validation costs when a slow request is labelled: building the eight labels a request
 * profile carries with {@link Labels} (every key and value checked) against filling a plain
 * sorted map with no checks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class LabelsBenchmark {

  @Param({"16", "256"})
  public int valueLength;

  private String[] pairs;

  @Setup
  public void setUp() {
    String[] keys = {"path", "method", "status", "duration_ms", "trigger", "thread", "request_start", "request_end"};
    pairs = new String[keys.length * 2];
    for (int i = 0; i < keys.length; i++) {
      pairs[2 * i] = keys[i];
      pairs[2 * i + 1] = ("v" + i + "/").repeat(valueLength).substring(0, valueLength);
    }
  }

  @Benchmark
  public Labels perfkit() {
    return Labels.of(pairs);
  }

  @Benchmark
  public TreeMap<String, String> baselineTreeMap() {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
