package io.perfkit.storage.s3.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3-compatible server on loopback for tests and benchmarks: S3Proxy, in this JVM, on an
 * ephemeral port, keeping objects as files under a directory, checking AWS Signature V4 with a
 * fixed test key. Not a mock: the storage talks HTTP to it through the AWS SDK like to S3.
 */
public final class LocalS3 implements S3Server {

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

  @Override
  public String name() {
    return "S3Proxy";
  }

  @Override
  public String accessKey() {
    return ACCESS_KEY;
  }

  @Override
  public String secretKey() {
    return SECRET_KEY;
  }

  @Override
  public boolean listsMultipartUploads() {
    return true;
  }

  /** Creates a bucket; a no-op when it exists. */
  @Override
  public LocalS3 bucket(String name) throws IOException {
    // the file-system blob store keeps each bucket as a directory of its base
    Files.createDirectories(directory.resolve(name));
    return this;
  }

  @Override
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
