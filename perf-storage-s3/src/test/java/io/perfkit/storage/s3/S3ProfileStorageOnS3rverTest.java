package io.perfkit.storage.s3;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.storage.s3.local.LocalS3rver;
import io.perfkit.storage.s3.local.S3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The S3 storage's own tests against s3rver, a server that lacks ListMultipartUploads and
 * AbortMultipartUpload and stores {@code aws-chunked} bodies undecoded.
 */
final class S3ProfileStorageOnS3rverTest extends S3ProfileStorageTest {

  @Override
  S3Server start(Path directory) throws IOException {
    return LocalS3rver.start(directory);
  }

  @Test
  void theSdksChunkedFraming_storedAsContentByTheServer_isCaughtOnRead() throws IOException {
    try (S3ProfileStorage s = open(newPrefix(), "checksums=whenSupported&chunkedEncoding=true")) {
      StoredProfile p = s.store(meta(ProfileType.CPU, Instant.now()), new ByteArrayInputStream(bytes(1000, 1)));
      IOException e = assertThrows(IOException.class, () -> read(s, p.id()));
      assertTrue(e.getMessage().contains(p.id()) && e.getMessage().contains("its index record says 1000 bytes"),
          e.getMessage());
    }
  }
}
