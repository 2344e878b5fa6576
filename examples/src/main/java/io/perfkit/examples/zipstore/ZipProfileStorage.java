package io.perfkit.examples.zipstore;

import io.perfkit.api.Identifiers;
import io.perfkit.api.Labels;
import io.perfkit.api.storage.NoSuchProfileException;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An example storage plugin: every profile in one zip file, through the JDK's zip file system.
 * Each profile is two entries, {@code ID.FORMAT} (content) and {@code ID.properties}
 * (metadata). The zip is written out when the storage closes, so unlike the file storage this
 * one is not crash-safe: it shows how small a plugin can be, not how to keep production data.
 *
 * <p>Thread-safe: every method synchronizes on the storage.
 */
public final class ZipProfileStorage implements ProfileStorage {

  private final Path file;
  private final FileSystem zip;
  private final Map<String, StoredProfile> profiles = new HashMap<>();
  private long sequence;
  private boolean closed;

  private ZipProfileStorage(Path file, FileSystem zip) {
    this.file = file;
    this.zip = zip;
  }

  /** Opens (creating if needed) the zip at {@code file}. */
  public static ZipProfileStorage open(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FileSystem fs = FileSystems.newFileSystem(file, Map.of("create", "true"));
    ZipProfileStorage s = new ZipProfileStorage(file, fs);
    try (Stream<Path> entries = Files.list(fs.getPath("/"))) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (p.getFileName().toString().endsWith(".properties")) {
          StoredProfile sp = readRecord(p);
          s.profiles.put(sp.id(), sp);
          s.sequence = Math.max(s.sequence, Long.parseLong(sp.id().substring("zip-".length())));
        }
      }
    }
    return s;
  }

  @Override
  public synchronized StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    checkOpen();
    String id = "zip-" + (++sequence);
    Path data = contentPath(id, metadata.format());
    long size;
    try (OutputStream out = Files.newOutputStream(data)) {
      size = content.transferTo(out);
    } catch (IOException e) {
      Files.deleteIfExists(data);
      throw new IOException("cannot store profile " + id + " in " + file + ": " + e, e);
    }
    StoredProfile p = new StoredProfile(id, metadata, size);
    writeRecord(recordPath(id), p);
    profiles.put(id, p);
    return p;
  }

  @Override
  public synchronized List<StoredProfile> query(ProfileQuery query) {
    checkOpen();
    return profiles.values().stream().filter(p -> query.matches(p.metadata()))
        .sorted(NEWEST_FIRST).limit(query.limit()).collect(Collectors.toList());
  }

  @Override
  public synchronized Optional<StoredProfile> find(String id) {
    Identifiers.checkProfileId(id);
    checkOpen();
    return Optional.ofNullable(profiles.get(id));
  }

  @Override
  public synchronized InputStream openContent(String id) throws IOException {
    Identifiers.checkProfileId(id);
    checkOpen();
    StoredProfile p = profiles.get(id);
    if (p == null) {
      throw new NoSuchProfileException(id);
    }
    return Files.newInputStream(contentPath(id, p.metadata().format()));
  }

  @Override
  public synchronized boolean delete(String id) throws IOException {
    Identifiers.checkProfileId(id);
    checkOpen();
    StoredProfile p = profiles.remove(id);
    if (p == null) {
      return false;
    }
    Files.deleteIfExists(recordPath(id));
    Files.deleteIfExists(contentPath(id, p.metadata().format()));
    return true;
  }

  /** This example keeps no retention policy. */
  @Override
  public int applyRetention() {
    checkOpen();
    return 0;
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      zip.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("zip profile storage " + file + " is closed");
    }
  }

  private static void writeRecord(Path path, StoredProfile p) throws IOException {
    Properties props = new Properties();
    ProfileMetadata m = p.metadata();
    props.setProperty("id", p.id());
    props.setProperty("type", m.type().wireName());
    props.setProperty("start", m.start().toString());
    props.setProperty("durationNanos", Long.toString(m.duration().toNanos()));
    props.setProperty("format", m.format());
    props.setProperty("sizeBytes", Long.toString(p.sizeBytes()));
    m.labels().asMap().forEach((k, v) -> props.setProperty("label." + k, v));
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      props.store(w, null);
    }
  }

  private static StoredProfile readRecord(Path path) throws IOException {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      props.load(r);
    }
    Map<String, String> labels = new TreeMap<>();
    for (String name : props.stringPropertyNames()) {
      if (name.startsWith("label.")) {
        labels.put(name.substring(6), props.getProperty(name));
      }
    }
    ProfileMetadata m = new ProfileMetadata(ProfileType.parse(props.getProperty("type")),
        Instant.parse(props.getProperty("start")), Duration.ofNanos(Long.parseLong(props.getProperty("durationNanos"))),
        props.getProperty("format"), Labels.from(labels));
    return new StoredProfile(props.getProperty("id"), m, Long.parseLong(props.getProperty("sizeBytes")));
  }

  /** Where a profile's content sits in the archive: its id with its format as the extension. */
  private Path contentPath(String id, String format) {
    return zip.getPath("/" + id + "." + format);
  }

  /** Where a profile's metadata record sits in the archive. */
  private Path recordPath(String id) {
    return zip.getPath("/" + id + ".properties");
  }
}
