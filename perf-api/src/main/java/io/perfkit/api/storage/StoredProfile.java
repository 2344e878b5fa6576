package io.perfkit.api.storage;

import io.perfkit.api.Identifiers;
import java.util.Objects;

/**
 * A profile as a storage holds it: the id the storage gave it, its metadata and the size of its
 * content in bytes. Immutable.
 *
 * @param id unique within its storage, valid per {@link Identifiers#checkProfileId}
 * @param metadata what was stored
 * @param sizeBytes length of the content, never negative
 */
public record StoredProfile(String id, ProfileMetadata metadata, long sizeBytes) {

  public StoredProfile {
    Identifiers.checkProfileId(id);
    Objects.requireNonNull(metadata, "metadata");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("profile " + id + " has negative size " + sizeBytes);
    }
  }
}
