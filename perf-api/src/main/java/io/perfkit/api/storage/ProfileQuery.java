package io.perfkit.api.storage;

import io.perfkit.api.Arguments;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A filter over stored profiles. Every criterion is optional and they combine with AND:
 * the type is one of {@link #types()} (all types when empty), the start lies in
 * [{@link #since()}, {@link #until()}), the duration is at least {@link #minDuration()}, and every
 * label of {@link #labels()} is present with the same value. At most {@link #limit()} results,
 * newest start first (ties broken by id, descending). Immutable; build with {@link #builder()}.
 */
public final class ProfileQuery {

  /** Limit used when none is given. */
  public static final int DEFAULT_LIMIT = 100;

  private static final ProfileQuery ALL = builder().limit(Integer.MAX_VALUE).build();

  private final Set<ProfileType> types;
  private final Instant since;
  private final Instant until;
  private final Duration minDuration;
  private final Labels labels;
  private final int limit;

  private ProfileQuery(Builder b) {
    this.types = b.types.isEmpty() ? Set.of() : Set.copyOf(b.types);
    this.since = b.since;
    this.until = b.until;
    this.minDuration = b.minDuration;
    this.labels = b.labels;
    this.limit = b.limit;
  }

  /** Every profile, no limit. */
  public static ProfileQuery all() {
    return ALL;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The accepted types; empty means every type. */
  public Set<ProfileType> types() {
    return types;
  }

  /** Inclusive lower bound of the start time. */
  public Optional<Instant> since() {
    return Optional.ofNullable(since);
  }

  /** Exclusive upper bound of the start time. */
  public Optional<Instant> until() {
    return Optional.ofNullable(until);
  }

  /** Shortest duration accepted; {@link Duration#ZERO} accepts all. */
  public Duration minDuration() {
    return minDuration;
  }

  /** Labels every result must carry. */
  public Labels labels() {
    return labels;
  }

  /** Most results returned, at least 1. */
  public int limit() {
    return limit;
  }

  /** True when {@code m} passes every criterion (the limit aside). */
  public boolean matches(ProfileMetadata m) {
    return (types.isEmpty() || types.contains(m.type()))
        && (since == null || !m.start().isBefore(since))
        && (until == null || m.start().isBefore(until))
        && m.duration().compareTo(minDuration) >= 0
        && m.labels().containsAll(labels);
  }

  @Override
  public String toString() {
    return "ProfileQuery{types=" + types + ", since=" + since + ", until=" + until
        + ", minDuration=" + minDuration + ", labels=" + labels + ", limit=" + limit + '}';
  }

  /** Builds a {@link ProfileQuery}; validates each value as it is set. Not thread-safe. */
  public static final class Builder {
    private final EnumSet<ProfileType> types = EnumSet.noneOf(ProfileType.class);
    private Instant since;
    private Instant until;
    private Duration minDuration = Duration.ZERO;
    private Labels labels = Labels.empty();
    private int limit = DEFAULT_LIMIT;

    private Builder() {}

    /** Adds accepted types. */
    public Builder types(ProfileType... types) {
      for (ProfileType t : types) {
        this.types.add(Objects.requireNonNull(t, "type"));
      }
      return this;
    }

    /** Adds accepted types. */
    public Builder types(Collection<ProfileType> types) {
      return types(types.toArray(new ProfileType[0]));
    }

    /** Inclusive lower bound of the start. */
    public Builder since(Instant since) {
      this.since = Objects.requireNonNull(since, "since");
      return this;
    }

    /** Exclusive upper bound of the start. */
    public Builder until(Instant until) {
      this.until = Objects.requireNonNull(until, "until");
      return this;
    }

    /**
     * Shortest duration accepted.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder minDuration(Duration minDuration) {
      this.minDuration = Arguments.notNegative("minDuration", minDuration);
      return this;
    }

    /** Adds a required label; a key Perfkit renamed is taken under its present name. */
    public Builder label(String key, String value) {
      this.labels = labels.with(ProfileLabels.canonicalKey(key), value);
      return this;
    }

    /** Adds required labels. */
    public Builder labels(Labels labels) {
      this.labels = this.labels.withAll(ProfileLabels.canonical(Objects.requireNonNull(labels, "labels")));
      return this;
    }

    /**
     * Most results returned.
     *
     * @throws IllegalArgumentException when below 1
     */
    public Builder limit(int limit) {
      this.limit = Arguments.positive("query limit", limit);
      return this;
    }

    /**
     * @throws IllegalArgumentException when {@code since} is after {@code until}
     */
    public ProfileQuery build() {
      if (since != null && until != null && since.isAfter(until)) {
        throw new IllegalArgumentException(
            "query range is empty: since " + since + " is after until " + until);
      }
      return new ProfileQuery(this);
    }
  }
}
