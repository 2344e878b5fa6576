package io.perfkit.examples;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Minimal {@code --name value} and {@code --flag} parsing, strict: an unknown option, a missing
 * value or a malformed number is a {@link UsageException} naming it.
 */
final class Args {

  private final Map<String, String> values = new HashMap<>();

  private Args() {}

  /**
   * Parses {@code args}.
   *
   * @param withValue options that take a value ({@code --port})
   * @param flags options that take none ({@code --json})
   */
  static Args parse(List<String> args, Set<String> withValue, Set<String> flags) {
    Args parsed = new Args();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String name = a;
      String inline = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        inline = a.substring(eq + 1);
      }
      if (withValue.contains(name)) {
        String v = inline;
        if (v == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("option " + name + " needs a value");
          }
          v = args.get(++i);
        }
        parsed.values.put(name, v);
      } else if (flags.contains(a)) {
        parsed.values.put(a, "true");
      } else {
        throw new UsageException("unknown argument '" + a + "'; options: " + union(withValue, flags));
      }
    }
    return parsed;
  }

  private static String union(Set<String> a, Set<String> b) {
    java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return String.join(" ", all);
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** An integer option within [min, max]. */
  int integer(String name, int fallback, int min, int max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException("option " + name + " takes a whole number; got '" + v + "'");
    }
    if (parsed < min || parsed > max) {
      throw new UsageException("option " + name + " must be between " + min + " and " + max + "; got " + parsed);
    }
    return parsed;
  }
}
