package io.perfkit.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one definition of what a profile id, a label key, a label value, a content format and a
 * metric-style name may hold. Storage, HTTP and the monitor all validate through these checks,
 * so that a value accepted in one place is accepted everywhere and a value that reaches a file
 * path or a URL can never escape it.
 *
 * <p>Every check throws {@link IllegalArgumentException} whose message quotes the bad value
 * (with control characters escaped) and says what is allowed.
 */
public final class Identifiers {

  /** Longest profile id accepted. */
  public static final int PROFILE_ID_MAX_LENGTH = 128;
  /** Longest label key accepted. */
  public static final int LABEL_KEY_MAX_LENGTH = 64;
  /** Longest label value accepted, in chars. */
  public static final int LABEL_VALUE_MAX_LENGTH = 1024;
  /** Longest content format accepted. */
  public static final int FORMAT_MAX_LENGTH = 16;

  private static final Pattern PROFILE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,63}");
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9]{1,16}");

  private Identifiers() {}

  /** True when {@code id} is a valid profile id: letters, digits, {@code -} and {@code _}, 1 to 128 chars. */
  public static boolean isValidProfileId(String id) {
    return id != null && PROFILE_ID.matcher(id).matches();
  }

  /**
   * Checks a profile id. Ids are safe as a file name and as a URL path segment: they never
   * hold a dot, a separator, a NUL or any other character outside {@code [A-Za-z0-9_-]}.
   *
   * @return {@code id}
   * @throws IllegalArgumentException naming the value when it is not a valid id
   */
  public static String checkProfileId(String id) {
    Objects.requireNonNull(id, "profile id");
    if (!isValidProfileId(id)) {
      throw new IllegalArgumentException(
          "profile id " + quote(id) + " is invalid; use 1 to " + PROFILE_ID_MAX_LENGTH
              + " characters of [A-Za-z0-9_-]");
    }
    return id;
  }

  /**
   * Checks a label key: a letter, then up to 63 letters, digits, {@code _} or {@code .}
   * ({@code path}, {@code durationMs}, {@code top.1}).
   *
   * @return {@code key}
   * @throws IllegalArgumentException naming the key when it does not match
   */
  public static String checkLabelKey(String key) {
    Objects.requireNonNull(key, "label key");
    if (!LABEL_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "label key " + quote(key) + " is invalid; use a letter followed by up to "
              + (LABEL_KEY_MAX_LENGTH - 1) + " of [A-Za-z0-9_.]");
    }
    return key;
  }

  /**
   * Checks a label value: at most {@value #LABEL_VALUE_MAX_LENGTH} chars, no control
   * characters (so it can never break a line-oriented record or a log line). It may be empty.
   *
   * @return {@code value}
   * @throws IllegalArgumentException naming the key and value when it is too long or holds a
   *     control character
   */
  public static String checkLabelValue(String key, String value) {
    Objects.requireNonNull(value, () -> "value of label " + key);
    if (value.length() > LABEL_VALUE_MAX_LENGTH) {
      throw new IllegalArgumentException(
          "value of label '" + key + "' is " + value.length() + " chars long; at most "
              + LABEL_VALUE_MAX_LENGTH + " are allowed: " + quote(value.substring(0, 40)) + "…");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        throw new IllegalArgumentException(
            "value of label '" + key + "' has a control character at index " + i + ": "
                + quote(value));
      }
    }
    return value;
  }

  /**
   * Checks a content format ({@code jfr}, {@code txt}, {@code pb}): 1 to 16 lower-case letters
   * or digits. Storages use it as a file extension.
   *
   * @return {@code format}
   * @throws IllegalArgumentException naming the format when it is invalid
   */
  public static String checkFormat(String format) {
    Objects.requireNonNull(format, "format");
    if (!FORMAT.matcher(format).matches()) {
      throw new IllegalArgumentException(
          "content format " + quote(format) + " is invalid; use 1 to " + FORMAT_MAX_LENGTH
              + " characters of [a-z0-9]");
    }
    return format;
  }

  /**
   * Quotes a value for an error message: single quotes, control characters escaped as
   * {@code \\uXXXX}, and cut after 80 chars so an absurd value cannot flood a log.
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(Math.min(value.length(), 80) + 8).append('\'');
    int n = Math.min(value.length(), 80);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (value.length() > n) {
      sb.append("…(").append(value.length()).append(" chars)");
    }
    return sb.append('\'').toString();
  }
}
