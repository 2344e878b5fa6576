package io.perfkit.storage.s3.internal;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The AWS SDK's S3 client as the storage uses it: the JDK's URL connection for HTTP, one
 * {@code timeout} for each attempt (connecting within at most 5 s) and three for a call with its
 * retries, and the checksum and framing options the storage's builder chose.
 */
public final class S3Clients {

  private S3Clients() {}

  /**
   * @param endpoint an S3-compatible endpoint, or null for AWS's own
   * @param credentials null for the SDK's default credentials chain
   */
  public static S3Client create(URI endpoint, String region, boolean pathStyle, AwsCredentialsProvider credentials,
      RequestChecksumCalculation requestChecksums, ResponseChecksumValidation responseChecksums, boolean chunkedEncoding,
      Duration timeout) {
    S3ClientBuilder b = S3Client.builder()
        .requestChecksumCalculation(requestChecksums)
        .responseChecksumValidation(responseChecksums)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(chunkedEncoding).build())
        .region(Region.of(region))
        .forcePathStyle(pathStyle)
        .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5))
            .socketTimeout(timeout)
            .build())
        .overrideConfiguration(c -> c.apiCallAttemptTimeout(timeout).apiCallTimeout(timeout.multipliedBy(3)));
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    return b.build();
  }

  /** The SDK's chain (AWS_REGION, the profile), else us-east-1. */
  public static String defaultRegion() {
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
    } catch (RuntimeException e) {
      return "us-east-1";
    }
  }
}
