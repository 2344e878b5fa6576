package io.perfkit.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.storage.s3.local.LocalS3;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * A writer JVM killed with SIGKILL in the middle of a multipart upload leaves nothing that a
 * query or find sees, and the sweep removes the parts it left.
 */
class KillDuringUploadTest {

  @TempDir Path dir;

  /** The writer: stores a 20 MiB profile whose content stalls once the first 5 MiB part is sent. */
  public static void main(String[] args) throws Exception {
    try (S3ProfileStorage s = (S3ProfileStorage) new S3ProfileStorageProvider().open(URI.create(args[0]), Map.of())) {
      InputStream stalling = new InputStream() {
        private long served;

        @Override
        public int read() {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) {
          // 5 MiB fill the first part and one byte tells there is more; reading past that means
          // the first part went up and the second is being read
          if (served > (5 << 20) + 1) {
            System.out.println("FIRST-PART-SENT");
            System.out.flush();
            try {
              Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          int n = (int) Math.min(len, (5 << 20) + 2 - served);
          java.util.Arrays.fill(b, off, off + n, (byte) 'x');
          served += n;
          return n;
        }
      };
      s.store(new ProfileMetadata(ProfileType.CPU, Instant.now(), Duration.ofSeconds(30), "jfr", Labels.of("instance", "doomed")),
          stalling);
    }
  }

  @Test
  void sigkillMidUpload_leavesNothingVisible_andTheSweepAbortsTheParts() throws Exception {
    try (LocalS3 s3 = LocalS3.start(dir).bucket("kill"); S3Client raw = s3.client()) {
      URI uri = s3.storageUri("kill", "fleet", "retentionInterval=0s&partSize=5MiB");
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), KillDuringUploadTest.class.getName(), uri.toString()));
      Process child = new ProcessBuilder(cmd).redirectError(dir.resolve("child.err").toFile()).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line = out.readLine();
        assertEquals("FIRST-PART-SENT", line, "child's stderr: " + (Files.exists(dir.resolve("child.err"))
            ? Files.readString(dir.resolve("child.err")) : ""));
      }
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no abort
      assertTrue(child.waitFor(20, TimeUnit.SECONDS));

      assertEquals(1, raw.listMultipartUploads(ListMultipartUploadsRequest.builder().bucket("kill").build()).uploads().size(),
          "the killed writer's upload is left unfinished");
      try (S3ProfileStorage s = (S3ProfileStorage) new S3ProfileStorageProvider().open(
          s3.storageUri("kill", "fleet", "retentionInterval=0s&abandonAfter=0s"), Map.of())) {
        assertEquals(List.of(), s.query(ProfileQuery.all()));
        assertEquals(List.of(), s.query(ProfileQuery.builder().label("instance", "doomed").build()));
        assertEquals(0, s.maintain(), "what the scheduled run does: the sweep, with no limits set");
      }
      assertEquals(0, raw.listMultipartUploads(ListMultipartUploadsRequest.builder().bucket("kill").build()).uploads().size(),
          "the sweep aborted it");
      assertEquals(0, raw.listObjectsV2(ListObjectsV2Request.builder().bucket("kill").prefix("fleet/").build()).keyCount());
    }
  }
}
