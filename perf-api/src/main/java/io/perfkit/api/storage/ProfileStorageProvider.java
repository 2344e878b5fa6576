package io.perfkit.api.storage;

import io.perfkit.api.spi.SpiLoader;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Opens {@link ProfileStorage}s for one URI scheme. Found by {@link java.util.ServiceLoader}:
 * an implementation declares {@code provides io.perfkit.api.storage.ProfileStorageProvider with
 * …} in its {@code module-info.java} and lists its class in {@code
 * META-INF/services/io.perfkit.api.storage.ProfileStorageProvider}, and has a public no-argument
 * constructor.
 *
 * <p>A storage URI is usually opaque ({@code file:./perf-data?maxAge=7d} has neither path nor
 * query in {@link URI}'s sense): {@link StorageUri#parse} splits its scheme-specific part into a
 * location and options. Options from the URI and from the map are merged, the map winning.
 * Providers are stateless and thread-safe.
 */
public interface ProfileStorageProvider {

  /** The lower-case URI scheme this provider opens, such as {@code file}. */
  String scheme();

  /**
   * Opens (creating if needed) the storage that {@code uri} names.
   *
   * @param uri a URI whose scheme is {@link #scheme()}
   * @param options provider options that add to or override those of the URI
   * @throws IllegalArgumentException for an unknown or malformed option, naming it
   * @throws IOException when the storage cannot be opened
   */
  ProfileStorage open(URI uri, Map<String, String> options) throws IOException;

  /**
   * Every provider {@link java.util.ServiceLoader} finds, by {@link #scheme()}.
   *
   * @throws IllegalStateException when two providers claim one scheme
   */
  static SpiLoader<ProfileStorageProvider> installed() {
    return SpiLoader.load(ProfileStorageProvider.class, ProfileStorageProvider::scheme);
  }
}
