package io.perfkit.monitor.health;

import java.util.List;

/**
 * The shipped JVM health rules, with thresholds of your own:
 *
 * <pre>{@code
 * alerts.addRules(JvmHealthRules.builder().gcOverhead(0.05).threadCount(500).build());
 * }</pre>
 *
 * The same rules with their defaults are what {@code AlertManager.addInstalledRules()} finds.
 */
public final class JvmHealthRules {

  private JvmHealthRules() {}

  /** Every shipped rule with its default threshold. */
  public static List<JvmHealthRule> defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Sets thresholds; each setter validates its value and names it when it is wrong. */
  public static final class Builder {
    private JvmHealthRule gcOverhead = new JvmHealthRule.GcOverhead();
    private JvmHealthRule heapAfterGc = new JvmHealthRule.HeapAfterGc();
    private JvmHealthRule allocationRate = new JvmHealthRule.AllocationRate();
    private JvmHealthRule metaspace = new JvmHealthRule.Metaspace();
    private JvmHealthRule threadCount = new JvmHealthRule.ThreadCount();
    private JvmHealthRule safepoints = new JvmHealthRule.SafepointTime();

    private Builder() {}

    /** GC pause time over wall time, 0 to 1 (0.10). */
    public Builder gcOverhead(double fraction) {
      this.gcOverhead = new JvmHealthRule.GcOverhead(fraction);
      return this;
    }

    /** Heap after GC over the maximum heap, 0 to 1 (0.85). */
    public Builder heapAfterGc(double fraction) {
      this.heapAfterGc = new JvmHealthRule.HeapAfterGc(fraction);
      return this;
    }

    /** Bytes allocated per second (1 GiB). */
    public Builder allocationRate(double bytesPerSecond) {
      this.allocationRate = new JvmHealthRule.AllocationRate(bytesPerSecond);
      return this;
    }

    /** Metaspace in use, bytes (512 MiB). */
    public Builder metaspace(double bytes) {
      this.metaspace = new JvmHealthRule.Metaspace(bytes);
      return this;
    }

    /** Live threads (2,000). */
    public Builder threadCount(int threads) {
      this.threadCount = new JvmHealthRule.ThreadCount(threads);
      return this;
    }

    /** Safepoint time over wall time, 0 to 1 (0.05). */
    public Builder safepointTime(double fraction) {
      this.safepoints = new JvmHealthRule.SafepointTime(fraction);
      return this;
    }

    public List<JvmHealthRule> build() {
      return List.of(gcOverhead, heapAfterGc, allocationRate, metaspace, threadCount, new JvmHealthRule.Deadlock(),
          safepoints);
    }
  }
}
