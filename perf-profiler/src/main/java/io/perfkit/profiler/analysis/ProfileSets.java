package io.perfkit.profiler.analysis;

import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Two sets of stored profiles compared: say last Tuesday's slow {@code /checkout} requests
 * against today's, each set chosen by a {@link ProfileQuery} (type, labels, time range). Each
 * set's recordings are read (a request's snapshot by its own thread and span) and merged, and the
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
    List<StoredProfile> found = new ArrayList<>();
    List<StackProfile> stacks = new ArrayList<>();
    double seconds = 0;
    for (StoredProfile p : storage.query(q)) {
      if (!p.metadata().format().equals("jfr")) {
        continue;
      }
      Path tmp = Files.createTempFile("perfkit-set", ".jfr");
      try {
        try (InputStream in = storage.openContent(p.id())) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchProfileException gone) {
          continue;  // deleted by retention since the query
        }
        stacks.add(StackProfile.read(tmp, type, EventSelection.requestFilter(p.metadata().labels())));
      } catch (UncheckedIOException e) {
        throw new IOException("profile " + p.id() + " cannot be read: " + e.getCause().getMessage(), e.getCause());
      } finally {
        Files.deleteIfExists(tmp);
      }
      found.add(p);
      seconds += p.metadata().duration().toNanos() / 1e9;
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException("the " + which + " query found no " + type.wireName() + " recordings: " + q);
    }
    return new Side(List.copyOf(found), StackProfile.merge(type, stacks), seconds);
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
