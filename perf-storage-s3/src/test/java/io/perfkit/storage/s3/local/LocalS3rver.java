package io.perfkit.storage.s3.local;

import io.perfkit.testtools.ExternalTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * s3rver 3.7.1, an S3-compatible server written in Node.js and independent of S3Proxy, started
 * as a child process on loopback on an ephemeral port, keeping objects under a directory. It
 * checks AWS Signature V4 for its one key pair ({@code S3RVER}). What it lacks, and the storage
 * must do without: ListMultipartUploads (HTTP 501), AbortMultipartUpload (HTTP 405), and the
 * decoding of {@code aws-chunked} bodies, which it stores as they came (so the storage must send
 * plain bodies: {@code checksums=whenRequired}, its default for a custom endpoint).
 *
 * <p>Installed by {@code npm install -g s3rver@3.7.1} ({@code .ci/run} does). Without it a test
 * skips, and under {@code CI=true} fails.
 */
public final class LocalS3rver implements S3Server {

  private static final Pattern LISTENING = Pattern.compile("S3rver listening on [0-9.]+:(\\d+)");

  private final Process process;
  private final int port;

  private LocalS3rver(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts s3rver keeping its objects under {@code directory}; skips or fails the test when it is not installed. */
  public static LocalS3rver start(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Path s3rver = ExternalTools.requireWorking(
        "s3rver is the second S3-compatible server the S3 storage is tested against; npm install -g s3rver@3.7.1",
        List.of("--version"), "s3rver");
    Files.createDirectories(directory);
    Process p = new ProcessBuilder(s3rver.toString(), "--directory", directory.toString(), "--address", "127.0.0.1",
        "--port", "0", "--silent").redirectErrorStream(true).start();
    p.getOutputStream().close();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder said = new StringBuilder();
    // s3rver prints its address once it listens; the read blocks until then, or until it exits
    for (String line; (line = out.readLine()) != null; ) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        drain(out);
        return new LocalS3rver(p, Integer.parseInt(m.group(1)));
      }
      said.append(line).append('\n');
    }
    p.destroyForcibly();
    throw new IOException("s3rver exited before it listened: " + said.toString().strip());
  }

  private static void drain(BufferedReader out) {
    Thread t = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // s3rver is silent; anything it still says would only fill the pipe
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "s3rver-output");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public String name() {
    return "s3rver";
  }

  @Override
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public String accessKey() {
    return "S3RVER";
  }

  @Override
  public String secretKey() {
    return "S3RVER";
  }

  @Override
  public boolean listsMultipartUploads() {
    return false;
  }

  @Override
  public LocalS3rver bucket(String name) throws IOException {
    try (S3Client c = client()) {
      c.createBucket(CreateBucketRequest.builder().bucket(name).build());
    } catch (BucketAlreadyOwnedByYouException e) {
      // there already
    } catch (S3Exception e) {
      if (e.statusCode() != 409) {
        throw new IOException("cannot create bucket '" + name + "' on s3rver at " + endpoint() + ": " + e.getMessage(), e);
      }
    }
    return this;
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
