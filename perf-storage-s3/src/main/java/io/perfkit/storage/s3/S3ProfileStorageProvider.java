package io.perfkit.storage.s3;

import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorageProvider;
import io.perfkit.api.storage.StorageOptions;
import io.perfkit.api.storage.StorageUri;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens {@link S3ProfileStorage}s for the {@code s3} scheme:
 * {@code s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1&pathStyle=true}.
 *
 * <p>Options, in the URI's query or the options map (the map wins):
 * <ul>
 *   <li>{@code endpoint}: an S3-compatible server's {@code http://} or {@code https://} URL;
 *       AWS S3 when absent;</li>
 *   <li>{@code region}: {@code us-east-1} and the like; by default the SDK's region chain
 *       ({@code AWS_REGION}, the profile), else {@code us-east-1};</li>
 *   <li>{@code pathStyle}: {@code true} for {@code endpoint/bucket/key} requests;</li>
 *   <li>{@code accessKey} and {@code secretKey}: both or neither; without them the SDK's default
 *       credentials chain (environment, profile, container or instance role);</li>
 *   <li>{@code maxAge}, {@code maxCount}, {@code maxBytes}: retention limits, as for the file
 *       storage;</li>
 *   <li>{@code retentionInterval}, {@code refreshInterval}, {@code abandonAfter},
 *       {@code timeout}: durations ({@code 10m}, {@code PT1S});</li>
 *   <li>{@code partSize}: the multipart part size, at least {@code 5MiB};</li>
 *   <li>{@code compactThreshold}: loose index objects that make a compaction;</li>
 *   <li>{@code checksums}: {@code whenSupported} or {@code whenRequired}, when the SDK computes
 *       request checksums and validates response checksums; by default {@code whenSupported}
 *       for AWS S3 and {@code whenRequired} with an {@code endpoint} (see
 *       {@link S3ProfileStorage});</li>
 *   <li>{@code chunkedEncoding}: {@code true} to send uploads in the SDK's {@code aws-chunked}
 *       framing, {@code false} for plain bodies; by default {@code true} for AWS S3 and
 *       {@code false} with an {@code endpoint}.</li>
 * </ul>
 * An unknown or malformed option is an {@link IllegalArgumentException} that names it.
 */
public final class S3ProfileStorageProvider implements ProfileStorageProvider {

  private static final Set<String> OPTIONS = Set.of("endpoint", "region", "pathStyle", "accessKey", "secretKey",
      "maxAge", "maxCount", "maxBytes", "retentionInterval", "refreshInterval", "abandonAfter", "timeout", "partSize",
      "compactThreshold", "checksums", "chunkedEncoding");

  /** For {@link java.util.ServiceLoader}. */
  public S3ProfileStorageProvider() {}

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public ProfileStorage open(URI uri, Map<String, String> options) throws IOException {
    return builder(uri, options).open();
  }

  /**
   * The builder a URI and options describe, for a caller that wants to add to it.
   *
   * @throws IllegalArgumentException for a bad bucket, prefix or option, naming it
   */
  public static S3ProfileStorage.Builder builder(URI uri, Map<String, String> options) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    StorageUri parsed = StorageUri.parse(uri);
    if (!parsed.scheme().equals("s3")) {
      throw new IllegalArgumentException("storage URI '" + redacted(uri) + "' is not an s3: URI");
    }
    if (parsed.authority().isEmpty()) {
      throw new IllegalArgumentException("storage URI '" + redacted(uri) + "' names no bucket, e.g. s3://my-bucket/profiles");
    }
    S3ProfileStorage.Builder b;
    try {
      b = S3ProfileStorage.builder(parsed.authority()).prefix(parsed.location());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("storage URI '" + redacted(uri) + "': " + e.getMessage(), e);
    }
    Map<String, String> merged = parsed.mergedOptions(options);
    if (merged.containsKey("accessKey") != merged.containsKey("secretKey")) {
      String missing = merged.containsKey("accessKey") ? "secretKey" : "accessKey";
      throw new IllegalArgumentException("option " + missing + " is missing in storage URI '" + redacted(uri)
          + "'; give accessKey and secretKey together, or neither for the default credentials chain");
    }
    for (Map.Entry<String, String> e : merged.entrySet()) {
      String name = e.getKey();
      String value = e.getValue();
      switch (name) {
        case "endpoint": b.endpoint(endpoint(value)); break;
        case "region": b.region(value); break;
        case "pathStyle": b.pathStyle(StorageOptions.bool(name, value)); break;
        case "accessKey": b.credentials(value, merged.get("secretKey")); break;
        case "secretKey": break;
        case "maxAge": b.maxAge(StorageOptions.duration(name, value)); break;
        case "maxCount": b.maxCount(StorageOptions.positive(name, value)); break;
        case "maxBytes": b.maxBytes(StorageOptions.size(name, value)); break;
        case "retentionInterval": b.retentionInterval(StorageOptions.duration(name, value)); break;
        case "refreshInterval": b.refreshInterval(StorageOptions.duration(name, value)); break;
        case "abandonAfter": b.abandonAfter(StorageOptions.duration(name, value)); break;
        case "timeout": b.timeout(StorageOptions.duration(name, value)); break;
        case "partSize": b.partSize(StorageOptions.size(name, value)); break;
        case "checksums": b.checksums(S3ProfileStorage.Checksums.parse(value)); break;
        case "chunkedEncoding": b.chunkedEncoding(StorageOptions.bool(name, value)); break;
        case "compactThreshold": b.compactThreshold(Math.toIntExact(Math.min(Integer.MAX_VALUE,
            StorageOptions.positive(name, value)))); break;
        default:
          throw new IllegalArgumentException("unknown option '" + name + "' in storage URI '" + redacted(uri)
              + "'; the S3 storage knows " + new TreeSet<>(OPTIONS));
      }
    }
    return b;
  }

  private static URI endpoint(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("option endpoint='" + value + "' is not a URL: " + e.getMessage(), e);
    }
  }

  /** The URI with the secret key's value hidden, for messages. */
  static String redacted(URI uri) {
    return uri.toString().replaceAll("(secretKey=)[^&]*", "$1***");
  }
}
