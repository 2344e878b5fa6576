package io.perfkit.api.storage;

import io.perfkit.api.Arguments;
import io.perfkit.api.Identifiers;
import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * @param labels free-form labels such as {@code path} or {@code trigger}; keys Perfkit renamed
 *     are read under their present names ({@link ProfileLabels#canonical})
 */
public record ProfileMetadata(
    ProfileType type, Instant start, Duration duration, String format, Labels labels) {

  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * @throws NullPointerException for a null component
   * @throws IllegalArgumentException for a negative duration or an invalid format
   */
  public ProfileMetadata {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    labels = ProfileLabels.canonical(Objects.requireNonNull(labels, "labels"));
    Identifiers.checkFormat(format);
    Arguments.notNegative("profile duration", duration);
  }

  /** Metadata without labels. */
  public static ProfileMetadata of(ProfileType type, Instant start, Duration duration, String format) {
    return new ProfileMetadata(type, start, duration, format, Labels.empty());
  }

  /** A copy with {@code labels} in place of this one's. */
  public ProfileMetadata withLabels(Labels labels) {
    return new ProfileMetadata(type, start, duration, format, labels);
  }

  /**
   * The readable part a storage gives a new profile's id: its start to the second in UTC and its
   * type, so that ids sort by time and say what they are ({@code 20261127T101500Z-cpu-}); the
   * storage appends what makes the id unique. A start outside the years 0 to 9999 is written as
   * {@code t} and its epoch second, with {@code +} and {@code -} spelled {@code p} and {@code m},
   * so the result is always valid in an id.
   */
  public String idPrefix() {
    String prefix;
    try {
      prefix = ID_TIME.format(start);
    } catch (DateTimeException e) {
      prefix = "t" + start.getEpochSecond();
    }
    return prefix.replace('+', 'p').replace('-', 'm') + "-" + type.wireName() + "-";
  }

  /** When the profiled span ended: {@code start + duration}. */
  public Instant end() {
    return start.plus(duration);
  }
}
