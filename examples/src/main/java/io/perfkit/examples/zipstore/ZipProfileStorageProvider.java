package io.perfkit.examples.zipstore;

import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorageProvider;
import io.perfkit.api.storage.StorageUri;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code zip} scheme: {@code zip:./profiles.zip}. Registered in this module's
 * {@code META-INF/services} and {@code module-info.java}, which is all a plugin needs.
 */
public final class ZipProfileStorageProvider implements ProfileStorageProvider {

  /** For {@link java.util.ServiceLoader}. */
  public ZipProfileStorageProvider() {}

  @Override
  public String scheme() {
    return "zip";
  }

  @Override
  public ProfileStorage open(URI uri, Map<String, String> options) throws IOException {
    StorageUri parsed = StorageUri.parse(uri);
    Map<String, String> merged = parsed.mergedOptions(options);
    if (!merged.isEmpty()) {
      throw new IllegalArgumentException("unknown option '" + merged.keySet().iterator().next()
          + "' in storage URI '" + uri + "'; the zip storage takes none");
    }
    if (parsed.location().isEmpty()) {
      throw new IllegalArgumentException("storage URI '" + uri + "' names no zip file, e.g. zip:./profiles.zip");
    }
    return ZipProfileStorage.open(Path.of(parsed.location()));
  }
}
