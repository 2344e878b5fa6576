package io.perfkit.profiler.analysis;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How much of the CPU its threads used a CPU profile accounts for, checked against each thread's
 * own CPU time ({@code perfkit.ThreadCpu}, read by Perfkit while it records).
 *
 * <p>Before JDK 25, JFR's execution sampler takes no sample of a thread that runs native code
 * ({@code Deflater}), an intrinsic stub ({@code System.arraycopy}, {@code CRC32.update}) or a
 * frame it fails to walk, and records nothing about the samples it missed: a profile could give
 * 0 % to code that used two thirds of the CPU. Perfkit corrects each thread's total to its CPU
 * time: its execution samples keep their stacks, and the CPU they miss goes to the thread's
 * native-method samples, else to stacks Perfkit took at its CPU readings, else to a frame naming
 * the thread, so no CPU goes unaccounted. Totals per thread are then exact; within a thread, the
 * split among methods is still the sampler's, and stub or native time shows in the Java method
 * that called it.
 *
 * @param engine the event the samples came from ({@code jdk.ExecutionSample},
 *     {@code jdk.CPUTimeSample})
 * @param samplingPeriod the sampler's period in force
 * @param cpuTime CPU time the sampled threads used in the profile's window
 * @param sampledTime CPU time the engine's own samples account for: per thread, the lesser of its
 *     samples times the period and its CPU time
 * @param estimatedTime CPU time the correction attributed beyond the engine's samples
 * @param lostSamples samples the engine reported as lost (JDK 25's {@code jdk.CPUTimeSamplesLost})
 * @param biasedSamples samples the engine flagged as biased (JDK 25: taken at the nearest
 *     safepoint, so their top frame may be a caller of the code that ran)
 * @param samples the engine's samples counted
 * @param underSampled threads that used at least ten periods of CPU and whose samples account for
 *     less than 80 % of it, most CPU first
 */
public record CpuCoverage(String engine, Duration samplingPeriod, Duration cpuTime, Duration sampledTime,
    Duration estimatedTime, long lostSamples, long biasedSamples, long samples, List<ThreadCoverage> underSampled) {

  /** Below this share of the CPU, a profile warns in words. */
  public static final double WARN_BELOW = 0.80;

  public CpuCoverage {
    underSampled = List.copyOf(underSampled);
  }

  /**
   * One thread's CPU against its samples.
   *
   * @param thread the thread's name
   * @param cpuTime CPU time it used in the window
   * @param samples the engine's samples of it
   * @param expectedSamples samples its CPU time implies at the sampling period
   */
  public record ThreadCoverage(String thread, Duration cpuTime, long samples, long expectedSamples) {}

  /**
   * Several profiles' coverage as one, for a merged profile: the times and counts add up, the
   * engine and period are the first's (a merge of profiles from different engines reports the
   * first's name), the under-sampled threads of all are listed.
   */
  static CpuCoverage combine(List<CpuCoverage> parts) {
    CpuCoverage first = parts.get(0);
    Duration cpu = Duration.ZERO;
    Duration sampled = Duration.ZERO;
    Duration estimated = Duration.ZERO;
    long lost = 0;
    long biased = 0;
    long samples = 0;
    java.util.ArrayList<ThreadCoverage> under = new java.util.ArrayList<>();
    for (CpuCoverage c : parts) {
      cpu = cpu.plus(c.cpuTime);
      sampled = sampled.plus(c.sampledTime);
      estimated = estimated.plus(c.estimatedTime);
      lost += c.lostSamples;
      biased += c.biasedSamples;
      samples += c.samples;
      under.addAll(c.underSampled);
    }
    under.sort(java.util.Comparator.comparing(ThreadCoverage::cpuTime).reversed());
    return new CpuCoverage(first.engine, first.samplingPeriod, cpu, sampled, estimated, lost, biased, samples, under);
  }

  /** The engine's share of the CPU used, 0 to 1; 1 when no CPU was used. */
  public double fraction() {
    return cpuTime.isZero() ? 1.0 : Math.min(1.0, (double) sampledTime.toNanos() / cpuTime.toNanos());
  }

  /** The share of biased samples, 0 to 1. */
  public double biasedFraction() {
    return samples == 0 ? 0 : (double) biasedSamples / samples;
  }

  /**
   * A warning in words when the engine's samples account for less than {@link #WARN_BELOW} of
   * the CPU used, naming the threads it missed most.
   */
  public Optional<String> warning() {
    if (fraction() >= WARN_BELOW) {
      return Optional.empty();
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "the %s samples account for %.0f %% of the %.1f s of CPU the threads used; the rest (%.1f s) is attributed by "
            + "each thread's CPU time to its native samples or to stacks taken at a safepoint, so totals per thread are "
            + "right but time in native code and stubs shows in the Java method that called it",
        engine, 100 * fraction(), cpuTime.toNanos() / 1e9, estimatedTime.toNanos() / 1e9));
    if (!underSampled.isEmpty()) {
      sb.append("; under-sampled: ");
      for (int i = 0; i < underSampled.size() && i < 3; i++) {
        ThreadCoverage t = underSampled.get(i);
        sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%s (%d of %d samples for %.1f s of CPU)",
            t.thread(), t.samples(), t.expectedSamples(), t.cpuTime().toNanos() / 1e9));
      }
      if (underSampled.size() > 3) {
        sb.append(" and ").append(underSampled.size() - 3).append(" more");
      }
    }
    return Optional.of(sb.toString());
  }

  /** One line for a report: the share accounted for, and the biased and lost samples when any. */
  public String summary() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "coverage %.0f %% of %.1f s CPU (%s, %d ms period)",
        100 * fraction(), cpuTime.toNanos() / 1e9, engine, samplingPeriod.toMillis()));
    if (biasedSamples > 0) {
      sb.append(String.format(Locale.ROOT, ", %.0f %% of samples biased", 100 * biasedFraction()));
    }
    if (lostSamples > 0) {
      sb.append(", ").append(lostSamples).append(" samples lost");
    }
    return sb.toString();
  }
}
