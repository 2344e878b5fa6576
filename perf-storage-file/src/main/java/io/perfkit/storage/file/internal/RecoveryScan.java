package io.perfkit.storage.file.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Rebuilds the index from the profiles on disk, after a crash or when {@code index.log} cannot
 * be trusted. A profile is taken when its metadata (attribute or {@code .meta} file) parses and
 * its content has the size the metadata records. Content with no metadata at all is a store
 * that never reached its commit point, and is removed; content whose metadata is unreadable is
 * left in place for a person to look at. Every skipped file is named in {@code problems}.
 */
public final class RecoveryScan {

  private final StoreLayout layout;
  private final ProfileIndex index;
  private final List<String> problems;

  private RecoveryScan(StoreLayout layout, ProfileIndex index, List<String> problems) {
    this.layout = layout;
    this.index = index;
    this.problems = problems;
  }

  /** Fills {@code index} from the profiles directory and removes uncommitted content. */
  public static void run(StoreLayout layout, ProfileIndex index, List<String> problems) throws IOException {
    new RecoveryScan(layout, index, problems).scan();
  }

  private void scan() throws IOException {
    List<Path> orphans = new ArrayList<>();
    try (Stream<Path> days = Files.list(layout.profilesDir())) {
      for (Path day : (Iterable<Path>) days::iterator) {
        if (!Files.isDirectory(day)) {
          continue;
        }
        try (DirectoryStream<Path> types = Files.newDirectoryStream(day)) {
          for (Path typeDir : types) {
            if (Files.isDirectory(typeDir)) {
              scanTypeDir(typeDir, orphans);
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

  private void scanTypeDir(Path dir, List<Path> orphans) throws IOException {
    List<Path> metaFiles = new ArrayList<>();
    Set<String> unreadable = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (f.getFileName().toString().endsWith(StoreLayout.META_SUFFIX)) {
          metaFiles.add(f);
          continue;
        }
        byte[] attribute = DurableFiles.readAttribute(f);
        if (attribute == null) {
          continue;  // metadata in a .meta file, or none: decided below
        }
        try {
          accept(ProfileRecord.parseMetaFile(attribute), f, dir);
        } catch (IllegalArgumentException e) {
          unreadable.add(f.getFileName().toString());
          problems.add("metadata attribute of " + f + " is corrupt (" + e.getMessage() + "); the file is left in place");
        }
      }
    }
    for (Path f : metaFiles) {
      try {
        accept(ProfileRecord.parseMetaFile(Files.readAllBytes(f)), f, dir);
      } catch (IllegalArgumentException e) {
        unreadable.add(StoreLayout.idOf(f));
        problems.add("metadata file " + f + " is corrupt (" + e.getMessage() + "); it and its content are left in place");
      }
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String id = StoreLayout.idOf(f);
        if (!name.endsWith(StoreLayout.META_SUFFIX) && !index.contains(id)
            && !unreadable.contains(id) && !unreadable.contains(name)) {
          orphans.add(f);
        }
      }
    }
  }

  /** Takes a profile found on disk once its record and its content agree. */
  private void accept(ProfileRecord r, Path source, Path dir) throws IOException {
    Path content = layout.contentFile(r.profile());
    boolean named = source.getFileName().toString().equals(r.id() + StoreLayout.META_SUFFIX) || source.equals(content);
    if (!content.getParent().equals(dir) || !named) {
      problems.add("metadata in " + source + " names profile " + r.id() + ", which belongs elsewhere");
      return;
    }
    long size = Files.exists(content) ? Files.size(content) : -1;
    if (size != r.profile().sizeBytes()) {
      problems.add("profile " + r.id() + " has " + (size < 0 ? "no content file" : size + " content bytes")
          + " where " + r.profile().sizeBytes() + " were stored");
      return;
    }
    index.put(r);
  }
}
