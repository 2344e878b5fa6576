package io.perfkit.storage.file;

import io.perfkit.api.Identifiers;
import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.StoredProfile;
import io.perfkit.storage.file.internal.ProfileRecord;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

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
 * ({@code retentionInterval}, 1 minute by default) and on {@link #applyRetention()}; the oldest
 * start goes first. A profile whose content a reader has open is kept: retention pauses at it
 * (rather than delete newer profiles out of turn) and resumes when the reader closes.
 *
 * <p>Thread-safe. Queries are answered from an in-memory index sorted by start time.
 */
public final class FileProfileStorage implements ProfileStorage {

  private static final System.Logger LOG = System.getLogger(FileProfileStorage.class.getName());
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String META_SUFFIX = ".meta";
  private static final String META_ATTRIBUTE = "perfkit.meta";

  /** Opens a stream that writes a new file; a seam so tests can make writes fail. */
  interface FileWriter {
    OutputStream open(Path path) throws IOException;
  }

  private record Key(Instant start, String id) {}

  private static final Comparator<Key> KEY_ORDER =
      Comparator.comparing(Key::start).thenComparing(Key::id);

  private final Path base;
  private final Path profilesDir;
  private final Path tmpDir;
  private final Path indexFile;
  private final Path cleanMarker;
  private final Clock clock;
  private final boolean fsync;
  private final Duration maxAge;
  private final long maxBytes;
  private final long maxCount;
  private final FileWriter writer;
  private final boolean metadataInAttribute;

  private final ConcurrentSkipListMap<Key, ProfileRecord> byTime = new ConcurrentSkipListMap<>(KEY_ORDER);
  private final ConcurrentHashMap<String, ProfileRecord> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicInteger> openReaders = new ConcurrentHashMap<>();
  private final AtomicLong totalBytes = new AtomicLong();
  private final Object indexLock = new Object();
  private final Object retentionLock = new Object();

  private final FileChannel lockChannel;
  private final FileLock lock;
  private FileChannel index;
  private long indexRecords;
  private final ScheduledExecutorService retentionScheduler;
  private volatile boolean closed;

  private FileProfileStorage(Builder b) throws IOException {
    this.base = b.directory.toAbsolutePath().normalize();
    this.profilesDir = base.resolve("profiles");
    this.tmpDir = base.resolve("tmp");
    this.indexFile = base.resolve("index.log");
    this.cleanMarker = base.resolve(".clean");
    this.clock = b.clock;
    this.fsync = b.fsync;
    this.maxAge = b.maxAge;
    this.maxBytes = b.maxBytes;
    this.maxCount = b.maxCount;
    this.writer = b.writer;

    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new IOException("cannot create profile storage directory " + base + ": " + e, e);
    }
    this.lockChannel = FileChannel.open(base.resolve(".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock acquired;
    try {
      acquired = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      acquired = null;
    }
    if (acquired == null) {
      String holder = new String(Files.readAllBytes(base.resolve(".lock")), StandardCharsets.UTF_8).trim();
      lockChannel.close();
      throw new IOException("profile storage directory " + base + " is in use by another storage"
          + (holder.isEmpty() ? "" : " (" + holder + ")") + "; one process at a time may open it");
    }
    this.lock = acquired;
    boolean ok = false;
    try {
      lockChannel.truncate(0);
      lockChannel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
      Files.createDirectories(profilesDir);
      Files.createDirectories(tmpDir);
      cleanTmp();
      this.metadataInAttribute = b.metadataInAttribute && attributesSupported();
      load();
      if (b.retentionInterval.isZero() || !hasRetentionLimits()) {
        retentionScheduler = null;
      } else {
        retentionScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "perfkit-file-storage-retention");
          t.setDaemon(true);
          return t;
        });
        long period = b.retentionInterval.toMillis();
        retentionScheduler.scheduleWithFixedDelay(this::scheduledRetention, period, period, TimeUnit.MILLISECONDS);
      }
      ok = true;
    } finally {
      if (!ok) {
        closeQuietly();
      }
    }
  }

  /** A builder for a storage in {@code directory}, which is created if needed. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** Opens a storage in {@code directory} with no retention limits. */
  public static FileProfileStorage open(Path directory) throws IOException {
    return builder(directory).open();
  }

  /** The storage's directory, absolute. */
  public Path directory() {
    return base;
  }

  /**
   * Where the content of a stored profile lives, for tools that open files ({@code jfr}, a
   * browser). The path is derived from the validated id and stays inside {@link #directory()}.
   */
  public Optional<Path> contentPath(String id) {
    Identifiers.checkProfileId(id);
    checkOpen();
    ProfileRecord r = byId.get(id);
    return r == null ? Optional.empty() : Optional.of(contentFile(r.profile()));
  }

  /** Total bytes of stored content. */
  public long totalBytes() {
    return totalBytes.get();
  }

  /** How many profiles are stored. */
  public int size() {
    return byId.size();
  }

  // ------------------------------------------------------------------ store

  @Override
  public StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(content, "content");
    checkOpen();
    if (!Files.isDirectory(base)) {
      throw new IOException("cannot store profile: storage directory " + base + " no longer exists");
    }
    String id = newId(metadata);
    Path tmpContent = tmpDir.resolve(id + "." + metadata.format() + ".tmp");
    Path tmpMeta = tmpDir.resolve(id + META_SUFFIX + ".tmp");
    StoredProfile profile = new StoredProfile(id, metadata, 0);
    Path finalContent = contentFile(profile);
    Path finalMeta = metaFile(profile);
    boolean contentMoved = false;
    boolean committed = false;
    boolean separateMeta = !metadataInAttribute;
    try {
      CRC32C crc = new CRC32C();
      long size = 0;
      try (OutputStream out = writer.open(tmpContent)) {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = content.read(buf)) > 0; ) {
          out.write(buf, 0, n);
          crc.update(buf, 0, n);
          size += n;
        }
      }
      profile = new StoredProfile(id, metadata, size);
      ProfileRecord record = new ProfileRecord(profile, crc.getValue());
      byte[] metaBytes = record.toMetaFile();
      if (!separateMeta) {
        separateMeta = !writeAttribute(tmpContent, metaBytes);
      }
      force(tmpContent);
      if (separateMeta) {
        try (OutputStream out = writer.open(tmpMeta)) {
          out.write(metaBytes);
        }
        force(tmpMeta);
      }
      Path dir = finalContent.getParent();
      createDirectoriesDurably(dir);
      move(tmpContent, finalContent);
      contentMoved = true;
      if (separateMeta) {
        move(tmpMeta, finalMeta);
      }
      forceDirectory(dir);
      synchronized (indexLock) {
        checkOpen();
        appendIndex(record.toIndexLine());
        put(record);
        committed = true;
      }
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmpContent);
      deleteQuietly(tmpMeta);
      if (!committed) {
        // metadata first: without it the content is an orphan that the next open removes
        deleteQuietly(finalMeta);
        if (contentMoved) {
          deleteQuietly(finalContent);
        }
      }
      if (e instanceof IOException) {
        throw new IOException("cannot store profile " + id + " in " + finalContent.getParent() + ": " + e, e);
      }
      throw e;
    }
    if (hasRetentionLimits()) {
      applyRetentionQuietly();
    }
    return profile;
  }

  private String newId(ProfileMetadata m) {
    String prefix;
    try {
      prefix = ID_TIME.format(m.start());
    } catch (java.time.DateTimeException e) {
      prefix = "t" + m.start().getEpochSecond();
    }
    prefix = prefix.replace('+', 'p').replace('-', 'm') + "-" + m.type().wireName() + "-";
    while (true) {
      String id = prefix + String.format("%016x", ThreadLocalRandom.current().nextLong());
      if (!byId.containsKey(id)) {
        return id;
      }
    }
  }

  // ------------------------------------------------------------------ read

  @Override
  public List<StoredProfile> query(ProfileQuery query) {
    Objects.requireNonNull(query, "query");
    checkOpen();
    NavigableMap<Key, ProfileRecord> range = byTime;
    if (query.since().isPresent() && query.until().isPresent()) {
      range = byTime.subMap(new Key(query.since().get(), ""), true, new Key(query.until().get(), ""), false);
    } else if (query.since().isPresent()) {
      range = byTime.tailMap(new Key(query.since().get(), ""), true);
    } else if (query.until().isPresent()) {
      range = byTime.headMap(new Key(query.until().get(), ""), false);
    }
    List<StoredProfile> out = new ArrayList<>(Math.min(query.limit(), 256));
    for (ProfileRecord r : range.descendingMap().values()) {
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
    ProfileRecord r = byId.get(id);
    return r == null ? Optional.empty() : Optional.of(r.profile());
  }

  @Override
  public InputStream openContent(String id) throws IOException {
    Identifiers.checkProfileId(id);
    checkOpen();
    ProfileRecord r = byId.get(id);
    if (r == null) {
      throw new NoSuchProfileException(id);
    }
    openReaders.compute(id, (k, v) -> {
      AtomicInteger c = v == null ? new AtomicInteger() : v;
      c.incrementAndGet();
      return c;
    });
    InputStream in;
    try {
      in = Files.newInputStream(contentFile(r.profile()));
    } catch (NoSuchFileException e) {
      releaseReader(id);
      throw new NoSuchProfileException(id);
    } catch (IOException | RuntimeException e) {
      releaseReader(id);
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
            releaseReader(id);
          }
        }
      }
    };
  }

  private void releaseReader(String id) {
    AtomicInteger left = openReaders.computeIfPresent(id, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    if (left == null && hasRetentionLimits() && !closed) {
      applyRetentionQuietly();
    }
  }

  // ------------------------------------------------------------------ delete and retention

  @Override
  public boolean delete(String id) throws IOException {
    Identifiers.checkProfileId(id);
    checkOpen();
    synchronized (indexLock) {
      checkOpen();
      ProfileRecord r = byId.get(id);
      if (r == null) {
        return false;
      }
      removeFiles(r);
      remove(r);
      appendIndex(ProfileRecord.deletionLine(id));
      return true;
    }
  }

  /** Deletes the metadata first: once it is gone the profile is gone, even if the content lingers. */
  private void removeFiles(ProfileRecord r) throws IOException {
    try {
      Files.deleteIfExists(metaFile(r.profile()));
      Files.deleteIfExists(contentFile(r.profile()));
    } catch (IOException e) {
      throw new IOException("cannot delete profile " + r.id() + " in " + contentFile(r.profile()).getParent() + ": " + e, e);
    }
  }

  @Override
  public int applyRetention() throws IOException {
    checkOpen();
    if (!hasRetentionLimits()) {
      return 0;
    }
    synchronized (retentionLock) {
      Instant oldestAllowed = maxAge == null ? null : clock.instant().minus(maxAge);
      int deleted = 0;
      for (ProfileRecord r : byTime.values()) {
        boolean tooOld = oldestAllowed != null && r.profile().metadata().start().isBefore(oldestAllowed);
        boolean tooMany = byId.size() > maxCount;
        boolean tooBig = totalBytes.get() > maxBytes;
        if (!tooOld && !tooMany && !tooBig) {
          break;
        }
        if (openReaders.containsKey(r.id())) {
          // Strictly oldest first: wait for the reader rather than delete newer profiles.
          break;
        }
        if (delete(r.id())) {
          deleted++;
        }
      }
      return deleted;
    }
  }

  private void applyRetentionQuietly() {
    try {
      applyRetention();
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.WARNING, "profile retention in " + base + " failed: " + e, e);
    }
  }

  private void scheduledRetention() {
    if (!closed) {
      applyRetentionQuietly();
    }
  }

  private boolean hasRetentionLimits() {
    return maxAge != null || maxBytes != Long.MAX_VALUE || maxCount != Long.MAX_VALUE;
  }

  // ------------------------------------------------------------------ open: index and recovery

  private void load() throws IOException {
    boolean clean = Files.exists(cleanMarker);
    long cleanIndexBytes = -1;
    if (clean) {
      String marker = Files.readString(cleanMarker, StandardCharsets.UTF_8).trim();
      if (marker.startsWith("index-bytes=")) {
        try {
          cleanIndexBytes = Long.parseLong(marker.substring("index-bytes=".length()));
        } catch (NumberFormatException e) {
          cleanIndexBytes = -1;
        }
      }
      // From here on a crash must make the next open rebuild, so the marker's removal is forced.
      Files.delete(cleanMarker);
      forceDirectory(base);
    }
    List<String> problems = new ArrayList<>();
    boolean trusted = false;
    if (cleanIndexBytes >= 0 && Files.exists(indexFile) && Files.size(indexFile) == cleanIndexBytes) {
      trusted = readIndex(problems);
    } else if (clean) {
      problems.add("index " + indexFile + " does not match the size recorded at the last clean close");
    }
    if (!trusted) {
      byId.clear();
      byTime.clear();
      totalBytes.set(0);
      scan(problems);
    }
    if (!problems.isEmpty()) {
      LOG.log(Level.WARNING, "profile storage " + base + " repaired its index from the files on disk; skipped: "
          + String.join("; ", problems));
    }
    if (trusted && indexRecords == byId.size()) {
      synchronized (indexLock) {
        index = FileChannel.open(indexFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      }
    } else {
      rewriteIndex();
    }
  }

  /** Reads index.log; false (with the reason in {@code problems}) when it cannot be trusted. */
  private boolean readIndex(List<String> problems) throws IOException {
    byte[] bytes = Files.readAllBytes(indexFile);
    int lineNo = 0;
    int start = 0;
    while (start < bytes.length) {
      int nl = start;
      while (nl < bytes.length && bytes[nl] != '\n') {
        nl++;
      }
      lineNo++;
      if (nl == bytes.length) {
        problems.add("index line " + lineNo + " is torn (no newline)");
        return false;
      }
      String line = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
      indexRecords++;
      try {
        ProfileRecord.IndexEntry e = ProfileRecord.parseIndexLine(line);
        if (e.stored() != null) {
          put(e.stored());
        } else {
          ProfileRecord r = byId.get(e.deletedId());
          if (r != null) {
            remove(r);
          }
        }
      } catch (IllegalArgumentException ex) {
        problems.add("index line " + lineNo + " is corrupt (" + ex.getMessage() + ")");
        return false;
      }
      start = nl + 1;
    }
    return true;
  }

  /** Rebuilds the in-memory index from the .meta files; removes content that has none. */
  private void scan(List<String> problems) throws IOException {
    List<Path> orphans = new ArrayList<>();
    try (Stream<Path> days = Files.list(profilesDir)) {
      for (Path day : (Iterable<Path>) days::iterator) {
        if (!Files.isDirectory(day)) {
          continue;
        }
        try (DirectoryStream<Path> types = Files.newDirectoryStream(day)) {
          for (Path typeDir : types) {
            if (Files.isDirectory(typeDir)) {
              scanTypeDir(typeDir, problems, orphans);
            }
          }
        }
      }
    }
    for (Path orphan : orphans) {
      Files.deleteIfExists(orphan);
    }
    if (!orphans.isEmpty()) {
      problems.add(orphans.size() + " content file(s) without metadata, from stores that did not finish, removed");
    }
  }

  private void scanTypeDir(Path dir, List<String> problems, List<Path> orphans) throws IOException {
    List<Path> metaFiles = new ArrayList<>();
    java.util.Set<String> unreadable = new java.util.HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (f.getFileName().toString().endsWith(META_SUFFIX)) {
          metaFiles.add(f);
          continue;
        }
        byte[] attribute = readAttribute(f);
        if (attribute == null) {
          continue;  // metadata in a .meta file, or none: decided below
        }
        try {
          accept(ProfileRecord.parseMetaFile(attribute), f, dir, problems);
        } catch (IllegalArgumentException e) {
          unreadable.add(f.getFileName().toString());
          problems.add("metadata attribute of " + f + " is corrupt (" + e.getMessage() + "); the file is left in place");
        }
      }
    }
    for (Path f : metaFiles) {
      try {
        accept(ProfileRecord.parseMetaFile(Files.readAllBytes(f)), f, dir, problems);
      } catch (IllegalArgumentException e) {
        String name = f.getFileName().toString();
        unreadable.add(name.substring(0, name.length() - META_SUFFIX.length()));
        problems.add("metadata file " + f + " is corrupt (" + e.getMessage() + "); it and its content are left in place");
      }
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String id = dot < 0 ? name : name.substring(0, dot);
        // Content with no metadata at all is a store that never committed; content whose
        // metadata is unreadable is kept for a person to look at.
        if (!name.endsWith(META_SUFFIX) && !byId.containsKey(id) && !unreadable.contains(id) && !unreadable.contains(name)) {
          orphans.add(f);
        }
      }
    }
  }

  /** Takes a profile found on disk once its record and its content agree. */
  private void accept(ProfileRecord r, Path source, Path dir, List<String> problems) throws IOException {
    if (!contentFile(r.profile()).getParent().equals(dir)
        || !(source.getFileName().toString().equals(r.id() + META_SUFFIX) || source.equals(contentFile(r.profile())))) {
      problems.add("metadata in " + source + " names profile " + r.id() + ", which belongs elsewhere");
      return;
    }
    Path content = contentFile(r.profile());
    long size = Files.exists(content) ? Files.size(content) : -1;
    if (size != r.profile().sizeBytes()) {
      problems.add("profile " + r.id() + " has " + (size < 0 ? "no content file" : size + " content bytes")
          + " where " + r.profile().sizeBytes() + " were stored");
      return;
    }
    put(r);
  }

  /** Writes a compact index of what is stored, replacing index.log atomically. */
  private void rewriteIndex() throws IOException {
    synchronized (indexLock) {
      if (index != null) {
        index.close();
        index = null;
      }
      Path tmp = tmpDir.resolve("index.log.tmp");
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream os = new java.io.BufferedOutputStream(Channels.newOutputStream(out), 1 << 16);
        for (ProfileRecord r : byTime.values()) {
          os.write(r.toIndexLine().getBytes(StandardCharsets.UTF_8));
        }
        os.flush();
        if (fsync) {
          out.force(true);
        }
      }
      move(tmp, indexFile);
      forceDirectory(base);
      indexRecords = byId.size();
      index = FileChannel.open(indexFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
  }

  private void appendIndex(String line) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      index.write(buf);
    }
    indexRecords++;
  }

  // ------------------------------------------------------------------ close

  @Override
  public void close() throws IOException {
    if (retentionScheduler != null) {
      retentionScheduler.shutdownNow();
    }
    synchronized (indexLock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (Files.isDirectory(base)) {
          if (indexRecords > byId.size()) {
            rewriteIndex();
          }
          index.force(true);
          Files.writeString(cleanMarker, "index-bytes=" + index.size() + "\n", StandardCharsets.UTF_8);
          force(cleanMarker);
          forceDirectory(base);
        }
      } finally {
        closeQuietly();
      }
    }
  }

  private void closeQuietly() {
    try {
      if (index != null) {
        index.close();
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing index of " + base, e);
    }
    try {
      if (lock != null && lock.isValid()) {
        lock.release();
      }
      lockChannel.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "releasing lock of " + base, e);
    }
  }

  // ------------------------------------------------------------------ helpers

  private void put(ProfileRecord r) {
    ProfileRecord previous = byId.put(r.id(), r);
    if (previous != null) {
      remove(previous);
      byId.put(r.id(), r);
    }
    byTime.put(new Key(r.profile().metadata().start(), r.id()), r);
    totalBytes.addAndGet(r.profile().sizeBytes());
  }

  private void remove(ProfileRecord r) {
    byId.remove(r.id(), r);
    if (byTime.remove(new Key(r.profile().metadata().start(), r.id())) != null) {
      totalBytes.addAndGet(-r.profile().sizeBytes());
    }
  }

  private Path typeDir(StoredProfile p) {
    long day = Math.floorDiv(p.metadata().start().getEpochSecond(), 86_400L);
    String dayName;
    try {
      dayName = LocalDate.ofEpochDay(day).toString();
    } catch (java.time.DateTimeException e) {
      dayName = "day" + day;
    }
    return profilesDir.resolve(dayName).resolve(p.metadata().type().wireName());
  }

  private Path contentFile(StoredProfile p) {
    // The id and format are validated by the API types, so this never leaves the directory.
    return typeDir(p).resolve(p.id() + "." + p.metadata().format());
  }

  private Path metaFile(StoredProfile p) {
    return typeDir(p).resolve(p.id() + META_SUFFIX);
  }

  private void createDirectoriesDurably(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir);
    forceDirectory(dir.getParent());
    forceDirectory(dir.getParent().getParent());
  }

  private void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void force(Path file) throws IOException {
    if (fsync) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }
  }

  private void forceDirectory(Path dir) {
    if (!fsync) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory for force; the files themselves were forced.
      LOG.log(Level.DEBUG, "cannot force directory " + dir, e);
    }
  }

  /** Attaches the metadata to a file; false when the file system cannot hold it there. */
  private static boolean writeAttribute(Path file, byte[] meta) {
    UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    if (view == null) {
      return false;
    }
    try {
      view.write(META_ATTRIBUTE, ByteBuffer.wrap(meta));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      // too large for the file system's attribute space (ext4 holds about 4 KiB), or unsupported
      LOG.log(Level.DEBUG, "metadata of " + file + " goes to a .meta file: " + e);
      return false;
    }
  }

  /** The metadata attached to a file, or null when it has none. */
  private static byte[] readAttribute(Path file) {
    UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    if (view == null) {
      return null;
    }
    try {
      ByteBuffer buf = ByteBuffer.allocate(view.size(META_ATTRIBUTE));
      view.read(META_ATTRIBUTE, buf);
      return buf.array();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private boolean attributesSupported() {
    Path probe = tmpDir.resolve("attribute-probe");
    try {
      Files.write(probe, new byte[0]);
      byte[] expected = "probe".getBytes(StandardCharsets.UTF_8);
      boolean ok = writeAttribute(probe, expected) && java.util.Arrays.equals(expected, readAttribute(probe));
      if (!ok) {
        LOG.log(Level.INFO, "the file system of " + base + " has no user extended attributes; profile metadata"
            + " goes to .meta files, which costs a second forced write per store");
      }
      return ok;
    } catch (IOException e) {
      return false;
    } finally {
      deleteQuietly(probe);
    }
  }

  /** Whether this storage keeps metadata in an extended attribute of the content file. */
  public boolean metadataInAttribute() {
    return metadataInAttribute;
  }

  private void cleanTmp() throws IOException {
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmpDir)) {
      int n = 0;
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
        n++;
      }
      if (n > 0) {
        LOG.log(Level.INFO, "removed " + n + " temporary file(s) left in " + tmpDir + " by an interrupted store");
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "cannot delete " + p, e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("profile storage " + base + " is closed");
    }
  }

  @Override
  public String toString() {
    return "FileProfileStorage{" + base + ", " + byId.size() + " profiles}";
  }

  /**
   * Configures a {@link FileProfileStorage}. Not thread-safe; each setter validates its value.
   */
  public static final class Builder {
    private final Path directory;
    private Clock clock = Clock.systemUTC();
    private boolean fsync = true;
    private Duration maxAge;
    private long maxBytes = Long.MAX_VALUE;
    private long maxCount = Long.MAX_VALUE;
    private Duration retentionInterval = Duration.ofMinutes(1);
    private FileWriter writer = Files::newOutputStream;
    private boolean metadataInAttribute = true;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** Deletes profiles that started more than {@code maxAge} ago. */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("maxAge " + maxAge + " must be positive");
      }
      this.maxAge = maxAge;
      return this;
    }

    /** Keeps the total content size at most {@code maxBytes}, deleting the oldest first. */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes " + maxBytes + " must be positive");
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** Keeps at most {@code maxCount} profiles, deleting the oldest first. */
    public Builder maxCount(long maxCount) {
      if (maxCount < 1) {
        throw new IllegalArgumentException("maxCount " + maxCount + " must be positive");
      }
      this.maxCount = maxCount;
      return this;
    }

    /** How often retention runs on its own; zero runs it only on store and on demand. */
    public Builder retentionInterval(Duration interval) {
      Objects.requireNonNull(interval, "retentionInterval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("retentionInterval " + interval + " is negative");
      }
      this.retentionInterval = interval;
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
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
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
