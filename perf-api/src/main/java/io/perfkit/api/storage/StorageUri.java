package io.perfkit.api.storage;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A storage URI split the way every provider needs it: {@code file:./perf-data?maxAge=7d&maxCount=10}
 * has scheme {@code file}, no authority, location {@code ./perf-data} and options {@code
 * {maxAge=7d, maxCount=10}}. Works for opaque URIs ({@code file:rel/dir}) and hierarchical ones
 * ({@code file:///var/lib/x}, whose location is {@code /var/lib/x}; {@code zip://host/x}, whose
 * authority is {@code host}).
 *
 * @param scheme lower-case scheme
 * @param authority what stands between {@code //} and the next {@code /}; empty when absent
 * @param location the scheme-specific part before {@code ?} without the authority,
 *     percent-decoded; may be empty
 * @param options the query's parameters, percent-decoded, in order
 */
public record StorageUri(String scheme, String authority, String location, Map<String, String> options) {

  public StorageUri {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(location, "location");
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /**
   * Parses {@code uri}.
   *
   * @throws IllegalArgumentException when it has no scheme, or a query parameter has no
   *     {@code =} or is given twice, naming the parameter
   */
  public static StorageUri parse(URI uri) {
    Objects.requireNonNull(uri, "uri");
    if (uri.getScheme() == null) {
      throw new IllegalArgumentException("storage URI '" + uri + "' has no scheme, e.g. file:./perf-data");
    }
    String ssp = uri.getRawSchemeSpecificPart();
    String location = ssp;
    Map<String, String> options = new LinkedHashMap<>();
    int q = ssp.indexOf('?');
    if (q >= 0) {
      location = ssp.substring(0, q);
      for (String part : ssp.substring(q + 1).split("&")) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "storage URI option '" + part + "' in '" + uri + "' is not of the form name=value");
        }
        String name = decode(part.substring(0, eq));
        if (options.put(name, decode(part.substring(eq + 1))) != null) {
          throw new IllegalArgumentException(
              "storage URI option '" + name + "' is given twice in '" + uri + "'");
        }
      }
    }
    String authority = "";
    if (location.startsWith("//")) {
      int slash = location.indexOf('/', 2);
      authority = decode(slash < 0 ? location.substring(2) : location.substring(2, slash));
      location = slash < 0 ? "" : location.substring(slash);
    }
    return new StorageUri(uri.getScheme().toLowerCase(Locale.ROOT), authority, decode(location), options);
  }

  /** The options of the URI with {@code overrides} laid over them. */
  public Map<String, String> mergedOptions(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(options);
    merged.putAll(overrides);
    return Collections.unmodifiableMap(merged);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
