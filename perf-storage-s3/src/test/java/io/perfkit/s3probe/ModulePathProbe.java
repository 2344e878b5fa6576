package io.perfkit.s3probe;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Run in a child JVM by ModulePathDiscoveryTest, with the S3 storage and the AWS SDK on the
 * module path (in a package of its own, since a class-path class cannot share a package with a
 * named module): prints what ServiceLoader finds, then stores and queries one profile.
 */
public final class ModulePathProbe {

  private ModulePathProbe() {}

  public static void main(String[] args) throws Exception {
    try (ProfileStorage s = ProfileStorages.open(URI.create(args[0]), Map.of())) {
      System.out.println("storage module named: " + s.getClass().getModule().isNamed());
    }
    System.out.println("schemes: " + ProfileStorages.installedSchemes());
    try (ProfileStorage s = ProfileStorages.open(URI.create(args[0]), Map.of())) {
      s.store(new ProfileMetadata(ProfileType.CPU, Instant.now(), Duration.ofSeconds(1), "jfr", Labels.of("instance", "probe")),
          new ByteArrayInputStream(new byte[100]));
      System.out.println("stored and found: " + s.query(ProfileQuery.builder().label("instance", "probe").build()).size());
    }
  }
}
