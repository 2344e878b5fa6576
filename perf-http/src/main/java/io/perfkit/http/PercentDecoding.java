package io.perfkit.http;

import io.perfkit.api.Identifiers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Strict percent-decoding of path segments and query parts; {@code +} stays a plus sign. */
final class PercentDecoding {

  private PercentDecoding() {}

  /**
   * @param what names the part in the error, e.g. "path segment"
   * @throws HttpError 400 naming the raw text when it is not valid percent-encoding
   */
  static String decode(String raw, String what) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(what + " " + Identifiers.quote(raw) + " is not valid percent-encoding");
    }
  }
}
