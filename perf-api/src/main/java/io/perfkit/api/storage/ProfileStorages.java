package io.perfkit.api.storage;

import io.perfkit.api.spi.SpiLoader;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Opens a {@link ProfileStorage} by URI, choosing the {@link ProfileStorageProvider} whose
 * {@link ProfileStorageProvider#scheme() scheme} matches:
 *
 * <pre>{@code
 * try (ProfileStorage storage = ProfileStorages.open("file:./perf-data?maxAge=7d")) { … }
 * }</pre>
 *
 * <p>Providers come from {@link java.util.ServiceLoader}, or from a {@link SpiLoader} handed in
 * (tests, or applications that wire providers themselves).
 */
public final class ProfileStorages {

  private ProfileStorages() {}

  /** The schemes of the installed providers, sorted. */
  public static Set<String> installedSchemes() {
    return ProfileStorageProvider.installed().names();
  }

  /**
   * Opens the storage that {@code uri} names with the installed providers.
   *
   * @throws IllegalArgumentException when the URI is malformed or no provider has its scheme
   *     (the message lists the installed schemes)
   */
  public static ProfileStorage open(String uri) throws IOException {
    Objects.requireNonNull(uri, "uri");
    try {
      return open(new URI(uri), Map.of());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("storage URI '" + uri + "' is malformed: " + e.getMessage(), e);
    }
  }

  /** Opens the storage that {@code uri} names with the installed providers. */
  public static ProfileStorage open(URI uri, Map<String, String> options) throws IOException {
    return open(uri, options, ProfileStorageProvider.installed());
  }

  /**
   * Opens the storage that {@code uri} names with the given providers.
   *
   * @throws IllegalArgumentException when no provider has the URI's scheme
   */
  public static ProfileStorage open(
      URI uri, Map<String, String> options, SpiLoader<ProfileStorageProvider> providers)
      throws IOException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    if (uri.getScheme() == null) {
      throw new IllegalArgumentException("storage URI '" + uri + "' has no scheme, e.g. file:./perf-data");
    }
    String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    ProfileStorageProvider provider = providers.find(scheme).orElseThrow(() ->
        new IllegalArgumentException("no profile storage is installed for scheme '" + scheme
            + "' (URI '" + uri + "'); installed schemes: " + providers.names()));
    return provider.open(uri, options);
  }
}
