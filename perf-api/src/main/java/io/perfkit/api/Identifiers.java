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

  private static final Pattern FORMAT = Pattern.compile("[a-z0-9]{1,16}");

  private Identifiers() {}

  /** True when {@code id} is a valid profile id: letters, digits, {@code -} and {@code _}, 1 to 128 chars. */
  public static boolean isValidProfileId(String id) {
    if (id == null || id.isEmpty() || id.length() > PROFILE_ID_MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(isAsciiLetterOrDigit(c) || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code key} is a valid label key; see {@link #checkLabelKey}. */
  public static boolean isValidLabelKey(String key) {
    if (key == null || key.isEmpty() || key.length() > LABEL_KEY_MAX_LENGTH) {
      return false;
    }
    char first = key.charAt(0);
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
      return false;
    }
    for (int i = 1; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(isAsciiLetterOrDigit(c) || c == '_' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Control characters, and the two Unicode line and paragraph separators. */
  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && (c <= 0x9f || c == '\u2028' || c == '\u2029'));
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
   * ({@code path}, {@code duration_ms}, {@code top_1}).
   *
   * @return {@code key}
   * @throws IllegalArgumentException naming the key when it does not match
   */
  public static String checkLabelKey(String key) {
    Objects.requireNonNull(key, "label key");
    if (!isValidLabelKey(key)) {
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
      if (isControl(c)) {
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
      if (isControl(c)) {
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
