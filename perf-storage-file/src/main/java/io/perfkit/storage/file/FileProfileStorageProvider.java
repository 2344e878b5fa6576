package io.perfkit.storage.file;

import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorageProvider;
import io.perfkit.api.storage.StorageOptions;
import io.perfkit.api.storage.StorageUri;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Opens {@link FileProfileStorage}s for the {@code file} scheme:
 * {@code file:./perf-data}, {@code file:/var/lib/app/profiles}, {@code file:///var/lib/app/profiles}.
 *
 * <p>Options, in the URI's query or the options map (the map wins):
 * <ul>
 *   <li>{@code maxAge}: ISO-8601 ({@code P7D}) or {@code 7d}, {@code 12h}, {@code 30m};</li>
 *   <li>{@code maxBytes}: bytes, or with a unit ({@code 500MB}, {@code 2GiB});</li>
 *   <li>{@code maxCount}: a positive number;</li>
 *   <li>{@code retentionInterval}: a duration as for {@code maxAge}; {@code 0s} disables the schedule;</li>
 *   <li>{@code fsync}: {@code true} (default) or {@code false}.</li>
 * </ul>
 * An unknown or malformed option is an {@link IllegalArgumentException} that names it.
 */
public final class FileProfileStorageProvider implements ProfileStorageProvider {

  private static final Set<String> OPTIONS = Set.of("maxAge", "maxBytes", "maxCount", "retentionInterval", "fsync");

  /** For {@link java.util.ServiceLoader}. */
  public FileProfileStorageProvider() {}

  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public ProfileStorage open(URI uri, Map<String, String> options) throws IOException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    StorageUri parsed = StorageUri.parse(uri);
    if (!parsed.scheme().equals("file")) {
      throw new IllegalArgumentException("storage URI '" + uri + "' is not a file: URI");
    }
    if (!parsed.authority().isEmpty() && !parsed.authority().equals("localhost")) {
      throw new IllegalArgumentException("storage URI '" + uri + "' names host '" + parsed.authority()
          + "'; the file storage takes local paths only");
    }
    if (parsed.location().isEmpty()) {
      throw new IllegalArgumentException("storage URI '" + uri + "' has no directory, e.g. file:./perf-data");
    }
    FileProfileStorage.Builder b = FileProfileStorage.builder(Path.of(parsed.location()));
    for (Map.Entry<String, String> e : parsed.mergedOptions(options).entrySet()) {
      String name = e.getKey();
      String value = e.getValue();
      switch (name) {
        case "maxAge": b.maxAge(StorageOptions.duration(name, value)); break;
        case "maxBytes": b.maxBytes(StorageOptions.size(name, value)); break;
        case "maxCount": b.maxCount(StorageOptions.positive(name, value)); break;
        case "retentionInterval": b.retentionInterval(StorageOptions.duration(name, value)); break;
        case "fsync": b.fsync(StorageOptions.bool(name, value)); break;
        default:
          throw new IllegalArgumentException("unknown option '" + name + "' in storage URI '" + uri
              + "'; the file storage knows " + new java.util.TreeSet<>(OPTIONS));
      }
    }
    return b.open();
  }
}
