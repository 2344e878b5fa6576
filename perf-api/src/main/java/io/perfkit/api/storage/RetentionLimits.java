package io.perfkit.api.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * The retention part of a storage's builder: the limits set one by one ({@code maxAge},
 * {@code maxBytes}, {@code maxCount}) or a whole {@link RetentionPolicy}, never both, so that the
 * order of a builder's calls cannot change what it builds. A storage builder keeps one and
 * forwards its setters; not thread-safe, as builders are not.
 */
public final class RetentionLimits {

  private RetentionPolicy policy = RetentionPolicy.none();
  private boolean limitsSet;
  private boolean policySet;

  /** No limits yet. */
  public RetentionLimits() {}

  /**
   * Deletes profiles that started more than {@code maxAge} ago.
   *
   * @throws IllegalArgumentException as {@link RetentionPolicy#withMaxAge}
   * @throws IllegalStateException after {@link #policy(RetentionPolicy)}
   */
  public void maxAge(Duration maxAge) {
    policy = limit().withMaxAge(maxAge);
  }

  /**
   * Keeps the total content at most {@code maxBytes}.
   *
   * @throws IllegalArgumentException as {@link RetentionPolicy#withMaxBytes}
   * @throws IllegalStateException after {@link #policy(RetentionPolicy)}
   */
  public void maxBytes(long maxBytes) {
    policy = limit().withMaxBytes(maxBytes);
  }

  /**
   * Keeps at most {@code maxCount} profiles.
   *
   * @throws IllegalArgumentException as {@link RetentionPolicy#withMaxCount}
   * @throws IllegalStateException after {@link #policy(RetentionPolicy)}
   */
  public void maxCount(long maxCount) {
    policy = limit().withMaxCount(maxCount);
  }

  /**
   * All three limits at once.
   *
   * @throws IllegalStateException after {@link #maxAge}, {@link #maxBytes} or {@link #maxCount}
   */
  public void policy(RetentionPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    if (limitsSet) {
      throw new IllegalStateException("retention(" + policy + ") after maxAge, maxBytes or maxCount: use one or the other");
    }
    this.policy = policy;
    this.policySet = true;
  }

  /** The policy built so far; none when nothing was set. */
  public RetentionPolicy policy() {
    return policy;
  }

  private RetentionPolicy limit() {
    if (policySet) {
      throw new IllegalStateException("maxAge, maxBytes or maxCount after retention(" + policy + "): use one or the other");
    }
    limitsSet = true;
    return policy;
  }
}
