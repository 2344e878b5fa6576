package io.perfkit.storage.file;

import io.perfkit.api.Arguments;
import io.perfkit.api.Identifiers;
import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.RetentionLimits;
import io.perfkit.api.storage.RetentionPolicy;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.storage.file.internal.DirectoryLock;
import io.perfkit.storage.file.internal.DurableFiles;
import io.perfkit.storage.file.internal.IndexLog;
import io.perfkit.storage.file.internal.ProfileIndex;
import io.perfkit.storage.file.internal.ProfileRecord;
import io.perfkit.storage.file.internal.ProfileWriter;
import io.perfkit.storage.file.internal.RecoveryScan;
import io.perfkit.storage.file.internal.Retention;
import io.perfkit.storage.file.internal.StoreLayout;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link ProfileStorage} in a directory of ordinary files, safe against crashes.
 *
 * <h2>Layout</h2>
 * <pre>
 * DIR/
 *   .lock                                   held while a process has the store open
 *   .clean                                  present only after a clean close
 *   index.log                               one record per store or delete (a cache, rebuilt from the profiles)
 *   tmp/                                    files being written; emptied on open
 *   profiles/2026-11-27/cpu/20261127T101500Z-cpu-6f1c2a9b03d4e5f7.jfr    content, with its metadata attached
 * </pre>
 * Profiles sit by UTC day of their start and by type, so {@code ls profiles/2026-11-27/cpu}
 * finds them, and content files carry their format's extension, so {@code jfr summary} opens
 * them directly.
 *
 * <p>Each profile's metadata is a small text record ({@code name=value} lines ending in a
 * CRC-32C) kept with its content: in the content file's user extended attribute
 * {@code user.perfkit.meta} where the file system has them (ext4, xfs, btrfs, tmpfs on Linux
 * 6.6+, APFS, NTFS; {@code getfattr -d FILE} shows it), otherwise in a {@code .meta} file beside
 * the content. The attribute makes a store one forced file instead of two: content and
 * metadata become durable together and appear together with one rename. Copy a storage
 * directory with its extended attributes ({@code cp -a}, {@code rsync -aX}).
 *
 * <h2>Durability</h2>
 * A store writes the content to {@code tmp/} with its metadata attribute, forces it to disk,
 * moves it into place and forces the directory. Without attributes, the {@code .meta} file is
 * written and forced in {@code tmp/} too and moved in after the content. The metadata's arrival
 * is the commit point: a profile exists exactly when its metadata does, and the index record is
 * appended only after it. So:
 * <ul>
 *   <li>a process kill at any moment keeps every profile whose {@code store} returned, and leaves
 *       any other either whole or absent, never half: on open, leftover temporary files and
 *       content without metadata are removed;</li>
 *   <li>a power loss keeps every profile whose {@code store} returned (with {@code fsync=true},
 *       the default); a delete or a retention run shortly before it may be undone, because
 *       deletions do not force the directory.</li>
 * </ul>
 * The index is not forced on every store. After a clean close it is trusted on the next open;
 * after a crash, or when it is torn or holds a corrupt record, it is rebuilt from the
 * profiles' metadata, with one warning saying what was skipped.
 *
 * <h2>Sharing</h2>
 * One process at a time: open takes an exclusive lock on {@code .lock}, and a second open of the
 * same directory, from another process or this one, fails with an error that says so.
 *
 * <h2>Retention</h2>
 * Optional limits on age, total bytes and count are applied after each store, on a schedule
 * ({@code retentionInterval}, 1 minute by default) and on {@link #applyRetention()}, by the
 * rule every storage shares ({@link RetentionPolicy}): the oldest start goes first, and a
 * profile whose content a reader has open is kept: retention stops at it (rather than delete
 * newer profiles out of turn) and resumes when the reader closes.
 *
 * <p>Thread-safe. Queries are answered from an in-memory index sorted by start time.
 *
 * <h2>Parts</h2>
 * This class is the facade and the commit protocol; each part is its own class in the
 * module's internal package: {@code StoreLayout} (where files go), {@code DurableFiles} (force,
 * rename, attributes), {@code ProfileWriter} (a profile's files put in place),
 * {@code ProfileIndex} (the in-memory index), {@code IndexLog} (index.log and the clean marker),
 * {@code RecoveryScan} (rebuilding from the profiles), {@code Retention} (limits and reader
 * pins) and {@code DirectoryLock}. The file runs past 400 lines only because the layout and
 * durability documentation and the public {@link Builder} belong with the type users open.
 */
public final class FileProfileStorage implements ProfileStorage {

  private static final System.Logger LOG = System.getLogger(FileProfileStorage.class.getName());

  /** Opens a stream that writes a new file; a seam so tests can make writes fail. */
  interface FileWriter extends ProfileWriter.Opener {}

  private final StoreLayout layout;
  private final DurableFiles files;
  private final ProfileWriter profileWriter;
  private final boolean metadataInAttribute;
  private final ProfileIndex index = new ProfileIndex();
  private final IndexLog log;
  private final Retention retention;
  private final DirectoryLock lock;
  /** Serializes changes to the index and its log with close. */
  private final Object indexLock = new Object();
  private volatile boolean closed;

  private FileProfileStorage(Builder b) throws IOException {
    this.layout = new StoreLayout(b.directory);
    this.files = new DurableFiles(b.fsync);
    this.log = new IndexLog(layout, files);
    this.retention = new Retention(b.retention.policy(), b.time, index, this::delete, layout.base().toString());
    Path base = layout.base();
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new IOException("cannot create profile storage directory " + base + ": " + e, e);
    }
    this.lock = DirectoryLock.acquire(layout.lockFile(), base);
    boolean ok = false;
    try {
      Files.createDirectories(layout.profilesDir());
      Files.createDirectories(layout.tmpDir());
      int leftovers = DurableFiles.empty(layout.tmpDir());
      if (leftovers > 0) {
        LOG.log(Level.INFO, "removed " + leftovers + " temporary file(s) left in " + layout.tmpDir()
            + " by an interrupted store");
      }
      this.metadataInAttribute = b.metadataInAttribute && attributesSupported();
      this.profileWriter = new ProfileWriter(layout, files, b.writer, metadataInAttribute);
      load();
      retention.schedule(b.retentionInterval);
      ok = true;
    } finally {
      if (!ok) {
        releaseQuietly();
      }
    }
  }

  /**
   * The one way to open a storage in {@code directory}, which is created if needed:
   * {@code FileProfileStorage.builder(dir).open()} with no retention limits, or with limits, a
   * clock, a retention schedule; {@code ProfileStorages.open("file:…")} reaches the same builder
   * through the storage URI.
   */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The storage's directory, absolute. */
  public Path directory() {
    return layout.base();
  }

  /**
   * Where the content of a stored profile lives, for tools that open files ({@code jfr}, a
   * browser). The path is derived from the validated id and stays inside {@link #directory()}.
   */
  public Optional<Path> contentPath(String id) {
    Identifiers.checkProfileId(id);
    checkOpen();
    ProfileRecord r = index.get(id);
    return r == null ? Optional.empty() : Optional.of(layout.contentFile(r.profile()));
  }

  /** Total bytes of stored content. */
  public long totalBytes() {
    return index.totalBytes();
  }

  /** How many profiles are stored. */
  public int size() {
    return index.size();
  }

  /** Whether this storage keeps metadata in an extended attribute of the content file. */
  public boolean metadataInAttribute() {
    return metadataInAttribute;
  }

  // ------------------------------------------------------------------ store

  @Override
  public StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(content, "content");
    checkOpen();
    if (!Files.isDirectory(layout.base())) {
      throw new IOException("cannot store profile: storage directory " + layout.base() + " no longer exists");
    }
    ProfileWriter.Placed placed = profileWriter.place(newId(metadata), metadata, content);
    boolean committed = false;
    try {
      synchronized (indexLock) {
        checkOpen();
        log.append(placed.record().toIndexLine());
        index.put(placed.record());
        committed = true;
      }
    } finally {
      if (!committed) {
        placed.discard();
      }
    }
    if (retention.hasLimits()) {
      retention.applyQuietly();
    }
    return placed.record().profile();
  }

  private String newId(ProfileMetadata m) {
    String prefix = m.idPrefix();
    while (true) {
      String id = prefix + String.format("%016x", ThreadLocalRandom.current().nextLong());
      if (!index.contains(id)) {
        return id;
      }
    }
  }

  // ------------------------------------------------------------------ read

  @Override
  public List<StoredProfile> query(ProfileQuery query) {
    Objects.requireNonNull(query, "query");
    checkOpen();
    List<StoredProfile> out = new ArrayList<>(Math.min(query.limit(), 256));
    for (ProfileRecord r : index.newestFirst(query.since().orElse(null), query.until().orElse(null))) {
      if (query.matches(r.profile().metadata())) {
        out.add(r.profile());
        if (out.size() >= query.limit()) {
          break;
        }
      }
    }
    return out;
  }

  @Override
  public Optional<StoredProfile> find(String id) {
    Identifiers.checkProfileId(id);
    checkOpen();
    ProfileRecord r = index.get(id);
    return r == null ? Optional.empty() : Optional.of(r.profile());
  }

  @Override
  public InputStream openContent(String id) throws IOException {
    Identifiers.checkProfileId(id);
    checkOpen();
    ProfileRecord r = index.get(id);
    if (r == null) {
      throw new NoSuchProfileException(id);
    }
    retention.pin(id);
    InputStream in;
    try {
      in = Files.newInputStream(layout.contentFile(r.profile()));
    } catch (NoSuchFileException e) {
      retention.unpin(id);
      throw new NoSuchProfileException(id);
    } catch (IOException | RuntimeException e) {
      retention.unpin(id);
      throw e;
    }
    return new FilterInputStream(in) {
      private boolean released;

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          if (!released) {
            released = true;
            retention.unpin(id);
          }
        }
      }
    };
  }

  // ------------------------------------------------------------------ delete and retention

  @Override
  public boolean delete(String id) throws IOException {
    Identifiers.checkProfileId(id);
    checkOpen();
    synchronized (indexLock) {
      checkOpen();
      ProfileRecord r = index.get(id);
      if (r == null) {
        return false;
      }
      removeFiles(r);
      index.remove(r);
      log.append(ProfileRecord.deletionLine(id));
      return true;
    }
  }

  /** Deletes the metadata first: once it is gone the profile is gone, even if the content lingers. */
  private void removeFiles(ProfileRecord r) throws IOException {
    Path content = layout.contentFile(r.profile());
    try {
      Files.deleteIfExists(layout.metaFile(r.profile()));
      Files.deleteIfExists(content);
    } catch (IOException e) {
      throw new IOException("cannot delete profile " + r.id() + " in " + content.getParent() + ": " + e, e);
    }
  }

  @Override
  public int applyRetention() throws IOException {
    checkOpen();
    return retention.apply();
  }

  // ------------------------------------------------------------------ open and close

  /** Trusts the index log after a clean close; otherwise rebuilds the index from the profiles. */
  private void load() throws IOException {
    List<String> problems = new ArrayList<>();
    boolean trusted = log.load(index, problems);
    if (!trusted) {
      index.clear();
      RecoveryScan.run(layout, index, problems);
    }
    if (!problems.isEmpty()) {
      LOG.log(Level.WARNING, "profile storage " + layout.base() + " repaired its index from the files on disk;"
          + " skipped: " + String.join("; ", problems));
    }
    synchronized (indexLock) {
      if (trusted && !log.hasGarbage(index.size())) {
        log.openForAppend();
      } else {
        log.rewrite(index);
      }
    }
  }

  private boolean attributesSupported() {
    boolean ok = DurableFiles.attributesSupported(layout.tmpDir());
    if (!ok) {
      LOG.log(Level.INFO, "the file system of " + layout.base() + " has no user extended attributes; profile"
          + " metadata goes to .meta files, which costs a second forced write per store");
    }
    return ok;
  }

  @Override
  public void close() throws IOException {
    retention.close();
    synchronized (indexLock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (Files.isDirectory(layout.base())) {
          log.closeClean(index);
        }
      } finally {
        releaseQuietly();
      }
    }
  }

  private void releaseQuietly() {
    try {
      log.closeChannel();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing index of " + layout.base(), e);
    }
    lock.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("profile storage " + layout.base() + " is closed");
    }
  }

  @Override
  public String toString() {
    return "FileProfileStorage{" + layout.base() + ", " + index.size() + " profiles}";
  }

  /**
   * Configures a {@link FileProfileStorage}. Not thread-safe; each setter validates its value.
   */
  public static final class Builder {
    private final Path directory;
    private TimeSource time = TimeSource.system();
    private boolean fsync = true;
    private final RetentionLimits retention = new RetentionLimits();
    private Duration retentionInterval = Duration.ofMinutes(1);
    private FileWriter writer = Files::newOutputStream;
    private boolean metadataInAttribute = true;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Deletes profiles that started more than {@code maxAge} ago.
     *
     * @throws IllegalArgumentException as {@link RetentionPolicy#withMaxAge}
     */
    public Builder maxAge(Duration maxAge) {
      retention.maxAge(maxAge);
      return this;
    }

    /**
     * Keeps the total content size at most {@code maxBytes}, deleting the oldest first.
     *
     * @throws IllegalArgumentException as {@link RetentionPolicy#withMaxBytes}
     */
    public Builder maxBytes(long maxBytes) {
      retention.maxBytes(maxBytes);
      return this;
    }

    /**
     * Keeps at most {@code maxCount} profiles, deleting the oldest first.
     *
     * @throws IllegalArgumentException as {@link RetentionPolicy#withMaxCount}
     */
    public Builder maxCount(long maxCount) {
      retention.maxCount(maxCount);
      return this;
    }

    /**
     * All three limits at once; the alternative to {@link #maxAge}, {@link #maxBytes} and
     * {@link #maxCount}, so refused together with them, in either order.
     */
    public Builder retention(RetentionPolicy policy) {
      retention.policy(policy);
      return this;
    }

    /** How often retention runs on its own; zero runs it only on store and on demand. */
    public Builder retentionInterval(Duration interval) {
      this.retentionInterval = Arguments.offOrAtLeastOneMilli("retentionInterval", interval);
      return this;
    }

    /**
     * Whether stores force content and metadata to disk before returning (default true). With
     * false, a kill still loses nothing stored, but a power loss may.
     */
    public Builder fsync(boolean fsync) {
      this.fsync = fsync;
      return this;
    }

    /** The clock retention measures age by. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * Whether to keep metadata in an extended attribute of the content file where the file
     * system supports it (default true), or always in a {@code .meta} file beside it.
     */
    public Builder metadataInAttribute(boolean metadataInAttribute) {
      this.metadataInAttribute = metadataInAttribute;
      return this;
    }

    Builder writer(FileWriter writer) {
      this.writer = Objects.requireNonNull(writer, "writer");
      return this;
    }

    /**
     * Opens the storage, creating the directory, cleaning leftovers of interrupted stores and
     * rebuilding the index if the last close was not clean.
     *
     * @throws IOException when the directory cannot be created or read, or another storage has
     *     it open
     */
    public FileProfileStorage open() throws IOException {
      return new FileProfileStorage(this);
    }
  }
}
