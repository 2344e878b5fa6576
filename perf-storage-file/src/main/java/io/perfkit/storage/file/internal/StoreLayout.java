package io.perfkit.storage.file.internal;

import io.perfkit.api.storage.StoredProfile;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Where each file of a storage directory lives: the content and metadata of a profile by UTC day
 * and type, the temporary files of a store in progress, the index and the markers. Pure path
 * arithmetic; nothing here touches the disk. Ids and formats are validated by the API types, so
 * no path derived here leaves the directory.
 */
public final class StoreLayout {

  /** The suffix of a metadata file kept beside its content. */
  public static final String META_SUFFIX = ".meta";

  private final Path base;
  private final Path profiles;
  private final Path tmp;

  public StoreLayout(Path directory) {
    this.base = directory.toAbsolutePath().normalize();
    this.profiles = base.resolve("profiles");
    this.tmp = base.resolve("tmp");
  }

  public Path base() {
    return base;
  }

  public Path profilesDir() {
    return profiles;
  }

  public Path tmpDir() {
    return tmp;
  }

  public Path indexFile() {
    return base.resolve("index.log");
  }

  public Path cleanMarker() {
    return base.resolve(".clean");
  }

  public Path lockFile() {
    return base.resolve(".lock");
  }

  /** {@code profiles/DAY/TYPE}, the directory that holds a profile's files. */
  public Path typeDir(StoredProfile p) {
    long day = Math.floorDiv(p.metadata().start().getEpochSecond(), 86_400L);
    String dayName;
    try {
      dayName = LocalDate.ofEpochDay(day).toString();
    } catch (DateTimeException e) {
      dayName = "day" + day;
    }
    return profiles.resolve(dayName).resolve(p.metadata().type().wireName());
  }

  /** The content file, named by id with the format as its extension. */
  public Path contentFile(StoredProfile p) {
    return typeDir(p).resolve(p.id() + "." + p.metadata().format());
  }

  /** The metadata file used where the file system has no user extended attributes. */
  public Path metaFile(StoredProfile p) {
    return typeDir(p).resolve(p.id() + META_SUFFIX);
  }

  public Path tmpContent(String id, String format) {
    return tmp.resolve(id + "." + format + ".tmp");
  }

  public Path tmpMeta(String id) {
    return tmp.resolve(id + META_SUFFIX + ".tmp");
  }

  /** The profile id a file in a type directory belongs to: its name without the extension. */
  public static String idOf(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }
}
