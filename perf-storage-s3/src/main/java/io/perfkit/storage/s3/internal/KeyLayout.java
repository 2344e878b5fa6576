package io.perfkit.storage.s3.internal;

import io.perfkit.api.Identifiers;
import java.util.Optional;

/**
 * Where everything lives under the storage's prefix:
 *
 * <pre>
 * {prefix}profiles/{id}.{format}            a profile's content, its metadata in x-amz-meta-perfkit-*
 * {prefix}index/entries/{id}                one stored profile's index record, written once its content is complete
 * {prefix}index/deleted/{id}                one deletion's record, written once the content is gone
 * {prefix}index/segments/{millis}-{random}  many records, folded from the two above by compaction
 * </pre>
 */
public final class KeyLayout {

  private final String prefix;

  /** @param prefix empty, or ending in {@code /} */
  public KeyLayout(String prefix) {
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException("key prefix '" + prefix + "' must be empty or end in /");
    }
    this.prefix = prefix;
  }

  public String contentPrefix() {
    return prefix + "profiles/";
  }

  public String content(String id, String format) {
    return contentPrefix() + id + "." + format;
  }

  /** The profile id a content key belongs to, if it is one. */
  public Optional<String> idOfContent(String key) {
    if (!key.startsWith(contentPrefix())) {
      return Optional.empty();
    }
    String name = key.substring(contentPrefix().length());
    int dot = name.lastIndexOf('.');
    String id = dot < 0 ? name : name.substring(0, dot);
    return Identifiers.isValidProfileId(id) ? Optional.of(id) : Optional.empty();
  }

  public String indexPrefix() {
    return prefix + "index/";
  }

  public String entry(String id) {
    return indexPrefix() + "entries/" + id;
  }

  public String deletion(String id) {
    return indexPrefix() + "deleted/" + id;
  }

  public String segment(long millis, long random) {
    return String.format("%ssegments/%013d-%016x", indexPrefix(), millis, random);
  }

  /** True for a loose index object (one entry or one deletion), which compaction folds. */
  public boolean isLoose(String key) {
    return key.startsWith(indexPrefix() + "entries/") || key.startsWith(indexPrefix() + "deleted/");
  }

  public boolean isSegment(String key) {
    return key.startsWith(indexPrefix() + "segments/");
  }
}
