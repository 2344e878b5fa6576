package io.perfkit.profiler.analysis;

import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Two sets of stored profiles compared: say last Tuesday's slow {@code /checkout} requests
 * against today's, or this hour's continuous chunks against the same hour yesterday, each set
 * chosen by a {@link ProfileQuery} (type, labels, time range). Each set is merged by
 * {@link ProfileMerge} (a request's snapshot by its own thread and span, a chunk from its compact
 * form, at most its bound of profiles, those that cannot be read skipped), and the
 * two are compared by share ({@link #shares()}) and by cost ({@link #perRequest()}: per profile,
 * which for request snapshots is per slow request; {@link #perSecond()}: per second the profiles
 * cover).
 */
public final class ProfileSets {

  /**
   * One set: the profiles found, their merged stacks, and the seconds they cover.
   *
   * @param profiles what the query found and could be read
   * @param merged their stacks, merged
   * @param seconds the sum of their durations
   */
  public record Side(List<StoredProfile> profiles, StackProfile merged, double seconds) {}

  private final Side base;
  private final Side target;

  private ProfileSets(Side base, Side target) {
    this.base = base;
    this.target = target;
  }

  /**
   * Reads both sets from {@code storage}.
   *
   * @throws IllegalArgumentException when a query does not name exactly one profile type, or a
   *     set is empty (the message says which)
   * @throws IOException when a profile cannot be read
   */
  public static ProfileSets compare(ProfileStorage storage, ProfileQuery base, ProfileQuery target) throws IOException {
    Objects.requireNonNull(storage, "storage");
    ProfileType type = onlyType(base, "base");
    if (onlyType(target, "target") != type) {
      throw new IllegalArgumentException("the base query is for " + type.wireName() + " profiles and the target query for "
          + onlyType(target, "target").wireName() + "; compare one type");
    }
    return new ProfileSets(read(storage, base, type, "base"), read(storage, target, type, "target"));
  }

  private static ProfileType onlyType(ProfileQuery q, String which) {
    if (q.types().size() != 1) {
      throw new IllegalArgumentException("the " + which + " query must name exactly one profile type, not " + q.types());
    }
    return q.types().iterator().next();
  }

  private static Side read(ProfileStorage storage, ProfileQuery q, ProfileType type, String which) throws IOException {
    ProfileMerge.Result r = ProfileMerge.builder(storage).build().merge(q);
    if (r.merged().isEmpty()) {
      throw new IllegalArgumentException("the " + which + " query found no " + type.wireName() + " profiles to read: " + q
          + (r.skipped().isEmpty() ? "" : " (" + r.skipped().size() + " could not be read)"));
    }
    return new Side(r.merged(), r.profile(), r.seconds());
  }

  public Side base() {
    return base;
  }

  public Side target() {
    return target;
  }

  /** Shares of each set's total, as {@link ProfileDiff}. */
  public ProfileDiff shares() {
    return ProfileDiff.of(base.merged(), target.merged());
  }

  /** Cost per profile: per slow request, when the sets are request snapshots. */
  public CostDiff perRequest() {
    return CostDiff.perOperation(base.merged(), base.profiles().size(), target.merged(), target.profiles().size());
  }

  /** Cost per second of the time the profiles cover. */
  public CostDiff perSecond() {
    return CostDiff.perSecond(base.merged(), base.seconds(), target.merged(), target.seconds());
  }
}
