package io.perfkit.storage.s3.internal;

import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.StoredProfile;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Queries and finds answered from the {@link BucketIndex}'s view, never from the profiles
 * themselves; a find of an id the view lacks reads that id's own index record, so an id passed
 * from another instance is found before the next refresh.
 */
public final class ProfileLookup {

  private final BucketIndex index;

  public ProfileLookup(BucketIndex index) {
    this.index = index;
  }

  /** The profiles {@code query} matches, newest first, at most its limit. */
  public List<StoredProfile> query(ProfileQuery query) throws IOException {
    BucketIndex.View v = index.view();
    List<StoredProfile> out = new ArrayList<>(Math.min(query.limit(), 256));
    Instant until = query.until().orElse(null);
    Instant since = query.since().orElse(null);
    for (StoredProfile p : v.newestFirst()) {
      Instant start = p.metadata().start();
      if (until != null && !start.isBefore(until)) {
        continue;
      }
      if (since != null && start.isBefore(since)) {
        break; // newest first: everything after is older still
      }
      if (query.matches(p.metadata())) {
        out.add(p);
        if (out.size() >= query.limit()) {
          break;
        }
      }
    }
    return out;
  }

  /** The index record of profile {@code id}; empty when there is none or the profile was deleted. */
  public Optional<IndexRecord.Stored> find(String id) throws IOException {
    BucketIndex.View v = index.view();
    IndexRecord.Stored r = v.records().get(id);
    if (r != null || v.deletedAt().containsKey(id)) {
      return Optional.ofNullable(r);
    }
    return index.readEntry(id).filter(found -> !index.currentView().deletedAt().containsKey(id));
  }
}
