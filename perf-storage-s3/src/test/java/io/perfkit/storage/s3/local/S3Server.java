package io.perfkit.storage.s3.local;

import java.io.IOException;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * A real S3-compatible server on loopback, on an ephemeral port, that the storage's tests run
 * against: {@link LocalS3} (S3Proxy, in this JVM) or {@link LocalS3rver} (s3rver, a Node.js
 * program). Not a mock: the storage talks HTTP to it through the AWS SDK as to S3.
 */
public interface S3Server extends AutoCloseable {

  /** A short name for test reports: {@code S3Proxy}, {@code s3rver}. */
  String name();

  /** {@code http://127.0.0.1:port}. */
  URI endpoint();

  /** The access key the server accepts. */
  String accessKey();

  /** The secret key the server accepts. */
  String secretKey();

  /** Creates a bucket; a no-op when it exists. */
  S3Server bucket(String name) throws IOException;

  /** What the server lacks of the S3 API the storage uses, as the storage's tests need to know it. */
  boolean listsMultipartUploads();

  /**
   * The options this server needs in a storage URI, beyond endpoint, region, path style and
   * credentials; empty when the defaults suit it.
   */
  default String requiredOptions() {
    return "";
  }

  /**
   * A storage URI for {@code bucket} and {@code prefix} on this server, with its credentials and
   * required options, {@code extraOptions} ({@code name=value&…}) appended.
   */
  default URI storageUri(String bucket, String prefix, String extraOptions) {
    String q = "endpoint=" + endpoint() + "&region=us-east-1&pathStyle=true&accessKey=" + accessKey()
        + "&secretKey=" + secretKey() + (requiredOptions().isEmpty() ? "" : "&" + requiredOptions())
        + (extraOptions.isEmpty() ? "" : "&" + extraOptions);
    return URI.create("s3://" + bucket + "/" + prefix + "?" + q);
  }

  /**
   * A plain SDK client for this server, for a test to look at the bucket behind the storage's
   * back (raw keys, unfinished uploads) or to break it on purpose. It sends checksums only where
   * required and plain bodies, so that what it writes is the bytes given, on any server. The caller closes it.
   */
  @SuppressWarnings("exports")
  default S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey())))
        .build();
  }

  /** Stops the server. */
  @Override
  void close() throws IOException;
}
