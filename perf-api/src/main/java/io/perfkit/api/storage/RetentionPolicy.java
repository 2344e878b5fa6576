package io.perfkit.api.storage;

import io.perfkit.api.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one retention rule every Perfkit storage applies: limits on age, count and total bytes,
 * and which profiles go when the storage is beyond them. Immutable and thread-safe.
 *
 * <h2>The rule</h2>
 * Profiles go strictly oldest first (by {@link ProfileStorage#NEWEST_FIRST}, reversed): while
 * the oldest remaining profile started before {@code now - maxAge}, or more than
 * {@code maxCount} profiles remain, or their content adds up to more than {@code maxBytes}, the
 * oldest is deleted. A profile whose content a reader holds open is kept, and retention stops
 * at it: it never deletes a newer profile out of turn to make up for one it must keep, so what
 * survives is always the newest stretch of the storage. The storage applies the rule again
 * once the reader closes (at the latest on its next store or scheduled run).
 *
 * <p>Storages build their limits from this class, so that a limit is checked and refused with
 * the same words whichever storage it is given to, and decide what to delete with
 * {@link #select}. The storage contract kit asserts the rule.
 */
public final class RetentionPolicy {

  private static final RetentionPolicy NONE = new RetentionPolicy(null, Long.MAX_VALUE, Long.MAX_VALUE);

  private final Duration maxAge;
  private final long maxCount;
  private final long maxBytes;

  private RetentionPolicy(Duration maxAge, long maxCount, long maxBytes) {
    this.maxAge = maxAge;
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
  }

  /** No limits: nothing is ever deleted by retention. */
  public static RetentionPolicy none() {
    return NONE;
  }

  /**
   * This policy, also deleting profiles that started more than {@code maxAge} ago.
   *
   * @throws IllegalArgumentException "maxAge {@code value} must be positive"
   */
  public RetentionPolicy withMaxAge(Duration maxAge) {
    return new RetentionPolicy(Arguments.positive("maxAge", maxAge), maxCount, maxBytes);
  }

  /**
   * This policy, also keeping at most {@code maxCount} profiles.
   *
   * @throws IllegalArgumentException "maxCount {@code value} must be positive"
   */
  public RetentionPolicy withMaxCount(long maxCount) {
    return new RetentionPolicy(maxAge, Arguments.positive("maxCount", maxCount), maxBytes);
  }

  /**
   * This policy, also keeping at most {@code maxBytes} bytes of content.
   *
   * @throws IllegalArgumentException "maxBytes {@code value} must be positive"
   */
  public RetentionPolicy withMaxBytes(long maxBytes) {
    return new RetentionPolicy(maxAge, maxCount, Arguments.positive("maxBytes", maxBytes));
  }

  /** The age limit, if there is one. */
  public Optional<Duration> maxAge() {
    return Optional.ofNullable(maxAge);
  }

  /** The count limit; {@link Long#MAX_VALUE} when there is none. */
  public long maxCount() {
    return maxCount;
  }

  /** The limit on total content bytes; {@link Long#MAX_VALUE} when there is none. */
  public long maxBytes() {
    return maxBytes;
  }

  /** Whether any limit is set; without one, {@link #select} never selects and a storage need do no work. */
  public boolean hasLimits() {
    return maxAge != null || maxCount != Long.MAX_VALUE || maxBytes != Long.MAX_VALUE;
  }

  /**
   * The profiles to delete, oldest first, by the rule in the class comment.
   *
   * @param oldestFirst every stored profile, oldest start first (the reverse of
   *     {@link ProfileStorage#NEWEST_FIRST})
   * @param now the storage's clock, for the age limit
   * @param isOpen whether a reader holds a profile's content open, by id
   * @return a prefix of {@code oldestFirst}: what to delete; empty when within the limits
   */
  public List<StoredProfile> select(List<StoredProfile> oldestFirst, Instant now, Predicate<String> isOpen) {
    Objects.requireNonNull(oldestFirst, "oldestFirst");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(isOpen, "isOpen");
    if (!hasLimits()) {
      return List.of();
    }
    long count = oldestFirst.size();
    long bytes = 0;
    for (StoredProfile p : oldestFirst) {
      bytes += p.sizeBytes();
    }
    Instant cutoff = maxAge == null ? null : now.minus(maxAge);
    List<StoredProfile> out = new ArrayList<>();
    for (StoredProfile p : oldestFirst) {
      boolean tooOld = cutoff != null && p.metadata().start().isBefore(cutoff);
      if (!tooOld && count <= maxCount && bytes <= maxBytes) {
        break;
      }
      if (isOpen.test(p.id())) {
        break;
      }
      out.add(p);
      count--;
      bytes -= p.sizeBytes();
    }
    return out;
  }

  /** {@code RetentionPolicy{maxAge=P7D, maxCount=100, maxBytes=none}}. */
  @Override
  public String toString() {
    return "RetentionPolicy{maxAge=" + (maxAge == null ? "none" : maxAge)
        + ", maxCount=" + (maxCount == Long.MAX_VALUE ? "none" : maxCount)
        + ", maxBytes=" + (maxBytes == Long.MAX_VALUE ? "none" : maxBytes) + '}';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetentionPolicy r && Objects.equals(maxAge, r.maxAge) && maxCount == r.maxCount
        && maxBytes == r.maxBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAge, maxCount, maxBytes);
  }
}
