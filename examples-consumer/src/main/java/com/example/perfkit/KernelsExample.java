package com.example.perfkit;

import io.perfkit.kernels.KernelRace;
import io.perfkit.kernels.Kernels;
import io.perfkit.kernels.RaceResult;
import java.util.Arrays;
import java.util.List;

/** The README's perf-kernels example: the fastest verified variants, and a quick race. Needs perf-kernels. */
public final class KernelsExample {

  private KernelsExample() {}

  public static void run() {
    // readme:kernels
    double[] a = new double[4096];
    double[] b = new double[4096];
    Arrays.fill(a, 0.5);
    Arrays.fill(b, 2.0);
    double d = Kernels.dot().dot(a, b);                                   // the fastest verified variant
    double[] c = new double[64 * 64];
    Kernels.matmul().multiply(new double[64 * 64], new double[64 * 64], c, 64, 64, 64);
    double area = Kernels.integrate().integrate(x -> Math.sin(x) * Math.exp(-0.1 * x), 0, 10, 100_000);
    double[] spectrum = Kernels.realForward(new double[] {1, 0, -1, 0});   // any length
    List<RaceResult> race = KernelRace.quick().run();                     // verify every variant, then time it
    System.out.print(KernelRace.table(race));
    // end
  }

  public static void main(String[] args) {
    run();
  }
}
