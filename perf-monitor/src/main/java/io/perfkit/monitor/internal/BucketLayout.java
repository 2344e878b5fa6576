package io.perfkit.monitor.internal;

import org.HdrHistogram.Histogram;

/**
 * HdrHistogram's bucket layout as plain arithmetic: the position of a bucket in a dense counts
 * array, and back. It lets a thread's buffer switch from a sparse table to a dense array that
 * holds every bucket of the range, without HdrHistogram's own (package-private) index methods.
 * The arithmetic is HdrHistogram's, so {@code valueAt(index(v))} is
 * {@code Histogram.lowestEquivalentValue(v)} for every {@code v} in range. Immutable.
 */
public final class BucketLayout {

  private final int unitMagnitude;
  private final int subBucketHalfCountMagnitude;
  private final int subBucketHalfCount;
  private final long subBucketMask;
  private final int leadingZeroCountBase;
  private final int length;

  /** The layout of {@code template}'s range and precision. */
  public BucketLayout(Histogram template) {
    long lowest = template.getLowestDiscernibleValue();
    int digits = template.getNumberOfSignificantValueDigits();
    long largestWithUnitResolution = 2 * (long) Math.pow(10, digits);
    unitMagnitude = (int) (Math.log(lowest) / Math.log(2));
    int subBucketCountMagnitude = (int) Math.ceil(Math.log(largestWithUnitResolution) / Math.log(2));
    subBucketHalfCountMagnitude = subBucketCountMagnitude - 1;
    int subBucketCount = 1 << subBucketCountMagnitude;
    subBucketHalfCount = subBucketCount / 2;
    subBucketMask = ((long) subBucketCount - 1) << unitMagnitude;
    leadingZeroCountBase = 64 - unitMagnitude - subBucketCountMagnitude;
    length = index(template.getHighestTrackableValue()) + 1;
  }

  /** The dense position of the bucket holding {@code value} (0 ≤ value ≤ the highest trackable). */
  public int index(long value) {
    int bucketIndex = leadingZeroCountBase - Long.numberOfLeadingZeros(value | subBucketMask);
    int subBucketIndex = (int) (value >>> (bucketIndex + unitMagnitude));
    return ((bucketIndex + 1) << subBucketHalfCountMagnitude) + (subBucketIndex - subBucketHalfCount);
  }

  /** The lowest value of the bucket holding {@code value}: HdrHistogram's {@code lowestEquivalentValue}. */
  public long lowestEquivalent(long value) {
    int bucketIndex = leadingZeroCountBase - Long.numberOfLeadingZeros(value | subBucketMask);
    return (value >>> (bucketIndex + unitMagnitude)) << (bucketIndex + unitMagnitude);
  }

  /** The lowest value of the bucket at {@code index}. */
  public long valueAt(int index) {
    int bucketIndex = (index >> subBucketHalfCountMagnitude) - 1;
    int subBucketIndex = (index & (subBucketHalfCount - 1)) + subBucketHalfCount;
    if (bucketIndex < 0) {
      subBucketIndex -= subBucketHalfCount;
      bucketIndex = 0;
    }
    return (long) subBucketIndex << (bucketIndex + unitMagnitude);
  }

  /** Buckets in the whole range: the length of a dense counts array. */
  public int length() {
    return length;
  }
}
