package io.perfkit.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.storage.s3.local.LocalS3;
import io.perfkit.storage.s3.local.S3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The S3 storage's own tests against S3Proxy, and one that restarts the server on its objects. */
final class S3ProfileStorageOnS3ProxyTest extends S3ProfileStorageTest {

  @Override
  S3Server start(Path directory) throws IOException {
    return LocalS3.start(directory);
  }

  @Test
  void aServerThatGoesDown_failsStoresWithIOExceptions_andLosesNothingStored() throws Exception {
    LocalS3 own = LocalS3.start(Files.createTempDirectory("perfkit-s3-down")).bucket("going-down");
    StoredProfile before;
    URI uri = own.storageUri("going-down", "x", "retentionInterval=0s&timeout=2s");
    try (S3ProfileStorage s = (S3ProfileStorage) new S3ProfileStorageProvider().open(uri, Map.of())) {
      before = s.store(meta(ProfileType.CPU, Instant.now()), new ByteArrayInputStream("kept".getBytes(StandardCharsets.UTF_8)));
      String endpoint = own.endpoint().toString();
      own.close();
      IOException e = assertThrows(IOException.class,
          () -> s.store(meta(ProfileType.CPU, Instant.now()), new ByteArrayInputStream(bytes(100, 1))));
      assertTrue(e.getMessage().contains(endpoint) && e.getMessage().contains("bucket 'going-down'"),
          e.getMessage());
      IOException q = assertThrows(IOException.class, () -> s.query(ProfileQuery.all()), "no stale answer passed off as fresh");
      assertTrue(q.getMessage().contains("LIST") && q.getMessage().contains(endpoint), q.getMessage());
    }
    try (LocalS3 again = LocalS3.start(own.directory());
        ProfileStorage s = new S3ProfileStorageProvider().open(again.storageUri("going-down", "x", "retentionInterval=0s"),
            Map.of())) {
      assertEquals(List.of(before), s.query(ProfileQuery.all()), "back up: the stored profile, and nothing half-stored");
      assertArrayEquals("kept".getBytes(StandardCharsets.UTF_8), read(s, before.id()));
    }
  }
}
