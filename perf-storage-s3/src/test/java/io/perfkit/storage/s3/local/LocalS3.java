package io.perfkit.storage.s3.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server on loopback for tests and benchmarks: S3Proxy, in this JVM, on an
 * ephemeral port, keeping objects as files under a directory, checking AWS Signature V4 with a
 * fixed test key. Not a mock: the storage talks HTTP to it through the AWS SDK like to S3.
 */
public final class LocalS3 implements AutoCloseable {

  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "perfkit-test";
  /** The secret key the server accepts. */
  public static final String SECRET_KEY = "perfkit-test-secret";

  private final S3Proxy proxy;
  private final FilesystemNio2BlobStore blobs;
  private final Path directory;

  private LocalS3(Path directory) throws Exception {
    this.directory = directory;
    this.blobs = new FilesystemNio2BlobStore(directory.toString());
    this.proxy = S3Proxy.builder()
        .blobStore(blobs)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!proxy.getState().equals("STARTED")) {
      if (System.nanoTime() > deadline) {
        throw new IOException("S3Proxy did not start: state " + proxy.getState());
      }
      Thread.sleep(10);
    }
  }

  /** Starts a server keeping its objects under {@code directory}. */
  public static LocalS3 start(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    try {
      Files.createDirectories(directory);
      return new LocalS3(directory);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot start S3Proxy under " + directory + ": " + e, e);
    }
  }

  /** Creates a bucket; a no-op when it exists. */
  public LocalS3 bucket(String name) throws IOException {
    // the file-system blob store keeps each bucket as a directory of its base
    Files.createDirectories(directory.resolve(name));
    return this;
  }

  /** {@code http://127.0.0.1:port}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** The port the server listens on. */
  public int port() {
    return proxy.getPort();
  }

  /** Where the server keeps the objects: one directory per bucket. */
  public Path directory() {
    return directory;
  }

  /**
   * A storage URI for {@code bucket} and {@code prefix} on this server, with the test
   * credentials, {@code extraOptions} ({@code name=value&…}) appended.
   */
  public URI storageUri(String bucket, String prefix, String extraOptions) {
    String q = "endpoint=" + endpoint() + "&region=us-east-1&pathStyle=true&accessKey=" + ACCESS_KEY
        + "&secretKey=" + SECRET_KEY + (extraOptions.isEmpty() ? "" : "&" + extraOptions);
    return URI.create("s3://" + bucket + "/" + prefix + "?" + q);
  }

  /**
   * A plain SDK client for this server, for a test to look at the bucket behind the storage's
   * back (raw keys, unfinished uploads) or to break it on purpose. The caller closes it.
   */
  @SuppressWarnings("exports")
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** Stops the server; the objects stay in {@link #directory()}. */
  @Override
  public void close() throws IOException {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IOException("cannot stop S3Proxy on port " + port() + ": " + e, e);
    }
  }
}
