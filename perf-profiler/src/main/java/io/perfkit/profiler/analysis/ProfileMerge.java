package io.perfkit.profiler.analysis;

import io.perfkit.api.Arguments;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every stored profile a query matches, merged into one: "what did checkout spend its CPU on
 * between 14:00 and 14:10, across all pods". Over a storage a fleet shares (a bucket), the merge
 * is fleet-wide with no server beyond the storage.
 *
 * <pre>{@code
 * ProfileMerge merge = ProfileMerge.builder(storage).build();
 * ProfileMerge.Result hour = merge.merge(ProfileQuery.builder().types(ProfileType.CPU)
 *     .label("service", "checkout").since(from).until(to).build());
 * hour.profile().topSelf(10);
 * }</pre>
 *
 * <p>What it reads: a profile stored in the compact form ({@link #FORMAT}, the stacks that
 * {@link io.perfkit.profiler.trigger.ContinuousProfiles} stores beside each chunk) is read as it
 * is, without parsing a recording; the recording a continuous chunk was cut from is then left
 * out, since its compact forms stand for it; any other recording (a slow request's, an alert's,
 * one taken on demand) is parsed, a request's snapshot by its own thread and span. Other content
 * (thread dumps as text, heap dumps) has no stacks to merge and is passed over.
 *
 * <p>Bounded like a capture: a query that matches more than {@link Builder#maxProfiles} profiles
 * (1,000 unless set) is refused, naming the bound, before anything is read; a profile that cannot
 * be read (gone since the query, or corrupt) is skipped and counted in the result, never an
 * error. Profiles are read one at a time and folded into one tree, so the memory a merge holds is
 * the merged tree's, not the profiles'. Thread-safe: each merge is independent.
 */
public final class ProfileMerge {

  /** The content format of the compact form: {@link StackProfile#stacks()}. */
  public static final String FORMAT = "stacks";

  /** The {@value ProfileLabels#TRIGGER} label value of continuous chunks. */
  public static final String CONTINUOUS = "continuous";

  /** The default bound on the profiles one merge reads. */
  public static final int DEFAULT_MAX_PROFILES = 1000;

  private final ProfileStorage storage;
  private final int maxProfiles;

  private ProfileMerge(Builder b) {
    this.storage = b.storage;
    this.maxProfiles = b.maxProfiles;
  }

  /**
   * The one way to merge stored profiles: {@code ProfileMerge.builder(storage).build()}.
   *
   * @throws NullPointerException when {@code storage} is null
   */
  public static Builder builder(ProfileStorage storage) {
    return new Builder(storage);
  }

  /**
   * What a merge read.
   *
   * @param type the profiles' type
   * @param profile their stacks, merged
   * @param merged the profiles merged, in the order the storage listed them
   * @param skipped the ids of profiles that matched but could not be read
   * @param seconds the sum of the merged profiles' durations, for costs per second
   */
  public record Result(ProfileType type, StackProfile profile, List<StoredProfile> merged, List<String> skipped,
      double seconds) {

    public Result {
      merged = List.copyOf(merged);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Merges every profile {@code query} matches. Its limit is not used: the merge reads all that
   * match, up to {@link Builder#maxProfiles}.
   *
   * @throws IllegalArgumentException when the query does not name exactly one profile type, or
   *     matches more than {@code maxProfiles} profiles (the message names the bound)
   * @throws IOException when the storage cannot be queried
   */
  public Result merge(ProfileQuery query) throws IOException {
    Objects.requireNonNull(query, "query");
    if (query.types().size() != 1) {
      throw new IllegalArgumentException("a merge needs exactly one profile type, not " + query.types());
    }
    ProfileType type = query.types().iterator().next();
    ProfileQuery.Builder all = ProfileQuery.builder().types(type).labels(query.labels()).minDuration(query.minDuration())
        .limit(maxProfiles + 1);
    query.since().ifPresent(all::since);
    query.until().ifPresent(all::until);
    List<StoredProfile> found = storage.query(all.build());
    if (found.size() > maxProfiles) {
      throw new IllegalArgumentException("the query matches more than " + maxProfiles
          + " profiles (maxProfiles); narrow its time window or labels: " + query);
    }
    StackProfile merged = StackProfile.empty(type);
    List<StoredProfile> read = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    double seconds = 0;
    for (StoredProfile p : found) {
      String format = p.metadata().format();
      boolean chunkRecording = format.equals("jfr")
          && p.metadata().labels().get(ProfileLabels.TRIGGER).filter(CONTINUOUS::equals).isPresent();
      if (chunkRecording || !(format.equals(FORMAT) || format.equals("jfr"))) {
        continue;
      }
      try {
        readInto(merged, p);
      } catch (NoSuchProfileException | IllegalArgumentException | UncheckedIOException e) {
        skipped.add(p.id());
        continue;
      } catch (IOException e) {
        if (isCorrupt(e)) {
          skipped.add(p.id());
          continue;
        }
        throw e;
      }
      read.add(p);
      seconds += p.metadata().duration().toNanos() / 1e9;
    }
    return new Result(type, merged, read, skipped, seconds);
  }

  /**
   * Adds {@code p}'s stacks to {@code merged}, or nothing when it cannot be read: a compact form is
   * checked whole and added straight into the merged tree; a recording is parsed into a profile
   * of its own first.
   */
  private void readInto(StackProfile merged, StoredProfile p) throws IOException {
    ProfileType type = p.metadata().type();
    if (p.metadata().format().equals(FORMAT)) {
      String text;
      try (InputStream in = storage.openContent(p.id())) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      StackProfile.Stacks stacks = StackProfile.Stacks.parse(text);
      if (stacks.type != type) {
        throw new IllegalArgumentException("profile " + p.id() + " is stored as " + type.wireName() + " but holds "
            + stacks.type.wireName() + " stacks");
      }
      merged.addStacks(stacks);
      return;
    }
    Path tmp = Files.createTempFile("perfkit-merge", ".jfr");
    try {
      try (InputStream in = storage.openContent(p.id())) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      merged.absorb(StackProfile.read(tmp, type, EventSelection.requestFilter(p.metadata().labels())));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A recording JFR cannot parse, as opposed to a storage that cannot be reached. */
  private static boolean isCorrupt(IOException e) {
    String name = e.getClass().getName();
    return name.startsWith("jdk.jfr") || e instanceof java.io.EOFException
        || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("not a valid flight recorder file");
  }

  /** The bound on the profiles one merge reads. */
  public static final class Builder {
    private final ProfileStorage storage;
    private int maxProfiles = DEFAULT_MAX_PROFILES;

    private Builder(ProfileStorage storage) {
      this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * The most profiles one merge reads (1,000 unless set); a query matching more is refused.
     *
     * @throws IllegalArgumentException when {@code profiles} is not positive
     */
    public Builder maxProfiles(int profiles) {
      this.maxProfiles = Arguments.positive("maxProfiles", profiles);
      return this;
    }

    public ProfileMerge build() {
      return new ProfileMerge(this);
    }
  }
}
