package io.perfkit.api.storage;

import io.perfkit.api.Identifiers;
import io.perfkit.api.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What is known about a profile before it is stored: its type, when it started, how long it
 * covers, the format of its content (a file extension such as {@code jfr} or {@code txt}) and
 * its labels. Immutable; every component is non-null.
 *
 * @param type what the profile measures
 * @param start when the profiled span began
 * @param duration how long the profiled span lasted; zero for an instant capture such as a
 *     thread dump, never negative
 * @param format the content format, checked by {@link Identifiers#checkFormat}
 * @param labels free-form labels such as {@code path} or {@code trigger}
 */
public record ProfileMetadata(
    ProfileType type, Instant start, Duration duration, String format, Labels labels) {

  /**
   * @throws NullPointerException for a null component
   * @throws IllegalArgumentException for a negative duration or an invalid format
   */
  public ProfileMetadata {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(labels, "labels");
    Identifiers.checkFormat(format);
    if (duration.isNegative()) {
      throw new IllegalArgumentException("profile duration " + duration + " is negative");
    }
  }

  /** Metadata without labels. */
  public static ProfileMetadata of(ProfileType type, Instant start, Duration duration, String format) {
    return new ProfileMetadata(type, start, duration, format, Labels.empty());
  }

  /** A copy with {@code labels} in place of this one's. */
  public ProfileMetadata withLabels(Labels labels) {
    return new ProfileMetadata(type, start, duration, format, labels);
  }

  /** When the profiled span ended: {@code start + duration}. */
  public Instant end() {
    return start.plus(duration);
  }
}
