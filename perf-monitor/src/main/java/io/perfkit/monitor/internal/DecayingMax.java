package io.perfkit.monitor.internal;

/**
 * The largest value seen within roughly the last {@code expiry}, as Micrometer's
 * {@code TimeWindowMax} defines it: time is cut into spans of {@code expiry / slots}, each slot
 * keeps the largest value seen in its span, and a read takes the largest of the last
 * {@code slots} spans, so a value stops counting between {@code expiry − expiry/slots} and
 * {@code expiry} after it was seen. Only readers update it (the monitor's drains), so recording
 * pays nothing for it. Not thread-safe: its owner serializes access.
 */
public final class DecayingMax {

  private final long spanNanos;
  private final long[] maxes;
  private final long[] spans;

  /**
   * @param expiryNanos how long a value can last, positive
   * @param slots the spans it is cut into, positive
   */
  public DecayingMax(long expiryNanos, int slots) {
    if (expiryNanos <= 0 || slots <= 0) {
      throw new IllegalArgumentException("expiry " + expiryNanos + " ns and slots " + slots + " must be positive");
    }
    this.spanNanos = Math.max(1, expiryNanos / slots);
    this.maxes = new long[slots];
    this.spans = new long[slots];
    java.util.Arrays.fill(spans, Long.MIN_VALUE);
  }

  /** Takes {@code value} as seen at {@code nowNanos} (a monotonic clock's reading). */
  public void record(long value, long nowNanos) {
    long span = Math.floorDiv(nowNanos, spanNanos);
    int i = (int) Math.floorMod(span, (long) maxes.length);
    if (spans[i] != span) {
      spans[i] = span;
      maxes[i] = value;
    } else if (value > maxes[i]) {
      maxes[i] = value;
    }
  }

  /** The largest value seen in the last {@code slots} spans up to {@code nowNanos}; 0 when none. */
  public long max(long nowNanos) {
    long span = Math.floorDiv(nowNanos, spanNanos);
    long max = 0;
    for (int i = 0; i < maxes.length; i++) {
      if (spans[i] != Long.MIN_VALUE && spans[i] > span - maxes.length && spans[i] <= span && maxes[i] > max) {
        max = maxes[i];
      }
    }
    return max;
  }
}
