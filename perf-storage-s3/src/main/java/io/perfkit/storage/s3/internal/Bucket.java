package io.perfkit.storage.s3.internal;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The handful of S3 calls the storage makes, each turning the SDK's exceptions into an
 * {@link IOException} that names the endpoint, the bucket, the operation and the key; a request
 * the server does not implement (HTTP 501, {@code NotImplemented}, or 405 for the operation)
 * becomes a {@link NotSupportedException}, so callers can do without it. Thread-safe: the SDK's
 * client is.
 */
public final class Bucket implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Bucket.class.getName());

  /** The server answered that it does not implement the request. */
  public static final class NotSupportedException extends IOException {
    private static final long serialVersionUID = 1L;

    NotSupportedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What an upload wrote: the content's length and its CRC-32C, computed as it streamed. */
  public record Uploaded(long length, long crc32c) {}

  /** S3's smallest part but the last, and so the smallest part size the storage accepts. */
  public static final int MIN_PART_BYTES = 5 << 20;

  private final S3Client client;
  private final String bucket;
  private final String where;
  private final AtomicLong failedAborts = new AtomicLong();

  /**
   * @param endpoint the endpoint the client talks to, for messages; empty for AWS's own
   * @param region the region, for messages
   */
  public Bucket(S3Client client, String bucket, Optional<URI> endpoint, String region) {
    this.client = Objects.requireNonNull(client, "client");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.where = "bucket '" + bucket + "' at " + endpoint.map(URI::toString).orElse("AWS S3 in " + region);
  }

  /** {@code bucket 'name' at http://…}, for messages. */
  public String where() {
    return where;
  }

  /** Fails unless the bucket exists and these credentials may use it. */
  public void check() throws IOException {
    try {
      client.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
    } catch (SdkException e) {
      throw failure("HEAD bucket", "", e);
    }
  }

  /** Writes a whole small object. */
  public void put(String key, byte[] body) throws IOException {
    try {
      client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("text/plain; charset=utf-8").build(),
          RequestBody.fromBytes(body));
    } catch (SdkException e) {
      throw failure("PUT", key, e);
    }
  }

  /** A whole small object, or empty when there is none. */
  public Optional<byte[]> get(String key) throws IOException {
    try {
      ResponseBytes<GetObjectResponse> r = client.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build());
      return Optional.of(r.asByteArrayUnsafe());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("GET", key, e);
    }
  }

  /** An object opened for reading: its content, and its length when the server said it. */
  public record Opened(InputStream stream, OptionalLong length) {}

  /** A stream over an object's content, or empty when there is none. The caller closes the stream. */
  public Optional<Opened> open(String key) throws IOException {
    try {
      ResponseInputStream<GetObjectResponse> in = client.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
      Long length = in.response().contentLength();
      return Optional.of(new Opened(in, length == null ? OptionalLong.empty() : OptionalLong.of(length)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("GET", key, e);
    }
  }

  /** Deletes an object; deleting one that is not there succeeds, as in S3. */
  public void delete(String key) throws IOException {
    try {
      client.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
    } catch (SdkException e) {
      throw failure("DELETE", key, e);
    }
  }

  /**
   * Deletes many objects, up to 1,000 a request (S3's multi-object delete); keys that are not
   * there count as deleted.
   *
   * @throws IOException when a request fails or S3 reports a key it could not delete
   */
  public void deleteAll(List<String> keys) throws IOException {
    for (int from = 0; from < keys.size(); from += 1000) {
      List<ObjectIdentifier> ids = new ArrayList<>();
      for (String k : keys.subList(from, Math.min(keys.size(), from + 1000))) {
        ids.add(ObjectIdentifier.builder().key(k).build());
      }
      DeleteObjectsResponse r;
      try {
        r = client.deleteObjects(DeleteObjectsRequest.builder().bucket(bucket)
            .delete(Delete.builder().objects(ids).quiet(true).build()).build());
      } catch (SdkException e) {
        throw failure("DELETE " + ids.size() + " objects from", ids.get(0).key(), e);
      }
      if (r.hasErrors() && !r.errors().isEmpty()) {
        S3Error first = r.errors().get(0);
        throw new IOException("S3 DELETE of " + r.errors().size() + " objects failed on " + where + ", first '" + first.key()
            + "': " + first.code() + " " + first.message());
      }
    }
  }

  /** One listed object: its key and when it was last written. */
  public record Listed(String key, Instant lastModified) {}

  /** Every object under {@code prefix}, in key order, page by page. */
  public List<Listed> list(String prefix) throws IOException {
    List<Listed> out = new ArrayList<>();
    try {
      for (S3Object o : client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
          .contents()) {
        out.add(new Listed(o.key(), o.lastModified() == null ? Instant.EPOCH : o.lastModified()));
      }
    } catch (SdkException e) {
      throw failure("LIST", prefix, e);
    }
    return out;
  }

  /** A multipart upload that was started and neither completed nor aborted. */
  public record Upload(String key, String uploadId, Instant initiated) {}

  /** The unfinished multipart uploads under {@code prefix}. */
  public List<Upload> unfinishedUploads(String prefix) throws IOException {
    List<Upload> out = new ArrayList<>();
    try {
      for (MultipartUpload u : client.listMultipartUploadsPaginator(
          ListMultipartUploadsRequest.builder().bucket(bucket).prefix(prefix).build()).uploads()) {
        out.add(new Upload(u.key(), u.uploadId(), u.initiated() == null ? Instant.EPOCH : u.initiated()));
      }
    } catch (SdkException e) {
      throw failure("LIST uploads", prefix, e);
    }
    return out;
  }

  /** Aborts that failed, whether in a failed upload's clean-up or in the sweep. */
  public long failedAborts() {
    return failedAborts.get();
  }

  /**
   * Aborts a multipart upload, dropping its parts.
   *
   * @throws NotSupportedException when the server does not implement the abort
   * @throws IOException when the abort fails otherwise; counted in {@link #failedAborts()} either way
   */
  public void abortCounted(String key, String uploadId) throws IOException {
    try {
      abort(key, uploadId);
    } catch (IOException e) {
      failedAborts.incrementAndGet();
      throw e;
    }
  }

  /** Aborts a multipart upload, dropping its parts. */
  public void abort(String key, String uploadId) throws IOException {
    try {
      client.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId).build());
    } catch (NoSuchKeyException e) {
      // already gone
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw failure("ABORT upload", key, e);
      }
    } catch (SdkException e) {
      throw failure("ABORT upload", key, e);
    }
  }

  /**
   * Writes {@code content} to {@code key}, reading it to its end: in one PUT when it fits in one
   * part, else as a multipart upload of {@code partBytes} parts. Holds at most one part in memory
   * and computes the content's CRC-32C from that part as it goes, so the content is read once.
   * The object becomes visible whole when the PUT or the upload's completion returns; a failure
   * aborts the upload, so that neither an object nor its parts stay behind (an abort that fails
   * too is logged and counted, and the sweep retries it).
   *
   * @return the content's length and CRC-32C
   * @throws IOException when the content cannot be read or written; nothing is visible then
   */
  public Uploaded upload(String key, InputStream content, Map<String, String> metadata, int partBytes) throws IOException {
    byte[] part = new byte[partBytes];
    CRC32C crc = new CRC32C();
    PushbackInputStream in = new PushbackInputStream(content, 1);
    int n = readFully(in, part);
    crc.update(part, 0, n);
    if (n < partBytes || !hasMore(in)) {
      try {
        client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).metadata(metadata).build(),
            RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, n), n));
      } catch (SdkException e) {
        throw failure("PUT", key, e);
      }
      return new Uploaded(n, crc.getValue());
    }
    String uploadId;
    try {
      uploadId = client.createMultipartUpload(
          CreateMultipartUploadRequest.builder().bucket(bucket).key(key).metadata(metadata).build()).uploadId();
    } catch (SdkException e) {
      throw failure("CREATE upload", key, e);
    }
    boolean done = false;
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long total = 0;
      int number = 1;
      while (n > 0) {
        String etag;
        try {
          etag = client.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
              .build(), RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, n), n)).eTag();
        } catch (SdkException e) {
          throw failure("PUT part " + number + " of", key, e);
        }
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        total += n;
        number++;
        n = readFully(in, part);
        crc.update(part, 0, n);
      }
      try {
        client.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
            .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build());
      } catch (SdkException e) {
        throw failure("COMPLETE upload", key, e);
      }
      done = true;
      return new Uploaded(total, crc.getValue());
    } finally {
      if (!done) {
        try {
          abortCounted(key, uploadId);
        } catch (IOException | UncheckedIOException e) {
          // the caller gets the original failure; this one must not vanish either
          LOG.log(System.Logger.Level.WARNING, "could not abort the failed upload " + uploadId + " to '" + key + "' in "
              + where + "; its parts stay until the sweep of abandoned uploads removes them: " + e.getMessage());
        }
      }
    }
  }

  private static int readFully(InputStream in, byte[] buf) throws IOException {
    int n = 0;
    while (n < buf.length) {
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  /** True when {@code in} has at least one more byte, which stays to be read. */
  private static boolean hasMore(PushbackInputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      return false;
    }
    in.unread(b);
    return true;
  }

  private IOException failure(String operation, String key, SdkException e) {
    String status = e instanceof S3Exception s ? " (HTTP " + s.statusCode() + ")" : "";
    String message = e instanceof S3Exception s && s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null
        ? s.awsErrorDetails().errorMessage() : e.getMessage();
    if (notImplemented(e)) {
      return new NotSupportedException("S3 " + operation + (key.isEmpty() ? "" : " '" + key + "'") + " is not implemented by "
          + where + status + ": " + message, e);
    }
    return new IOException("S3 " + operation + (key.isEmpty() ? "" : " '" + key + "'") + " failed on " + where + status
        + ": " + message, e);
  }

  private static boolean notImplemented(SdkException e) {
    if (!(e instanceof S3Exception s)) {
      return false;
    }
    String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
    return s.statusCode() == 501 || "NotImplemented".equals(code) || "MethodNotAllowed".equals(code)
        || s.statusCode() == 405;
  }

  @Override
  public void close() {
    client.close();
  }
}
