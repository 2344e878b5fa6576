package io.perfkit.storage.file.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code index.log}: one line per store or delete, appended without forcing, so that an open
 * after a clean close reads one file instead of every profile's metadata. It is a cache: the
 * {@code .clean} marker, written and forced at close with the log's length, is what makes it
 * trusted, and anything else (a crash, a torn or corrupt line, a length that differs) makes the
 * caller rebuild the index from the profiles. Not thread-safe; callers hold the storage's index
 * lock.
 */
public final class IndexLog {

  private static final String CLEAN_PREFIX = "index-bytes=";

  private final StoreLayout layout;
  private final DurableFiles files;
  private FileChannel channel;
  private long records;

  public IndexLog(StoreLayout layout, DurableFiles files) {
    this.layout = layout;
    this.files = files;
  }

  /**
   * Reads the log into {@code index} if the last close was clean and left it whole; false, with
   * the reason in {@code problems} where there is one, when it must be rebuilt. Either way the
   * clean marker is removed (durably) so a crash from here on forces the next open to rebuild.
   */
  public boolean load(ProfileIndex index, List<String> problems) throws IOException {
    Path marker = layout.cleanMarker();
    Path log = layout.indexFile();
    if (!Files.exists(marker)) {
      return false;
    }
    long cleanBytes = -1;
    String text = Files.readString(marker, StandardCharsets.UTF_8).trim();
    if (text.startsWith(CLEAN_PREFIX)) {
      try {
        cleanBytes = Long.parseLong(text.substring(CLEAN_PREFIX.length()));
      } catch (NumberFormatException e) {
        cleanBytes = -1;
      }
    }
    Files.delete(marker);
    files.forceDirectory(layout.base());
    if (cleanBytes < 0 || !Files.exists(log) || Files.size(log) != cleanBytes) {
      problems.add("index " + log + " does not match the size recorded at the last clean close");
      return false;
    }
    return read(index, problems);
  }

  private boolean read(ProfileIndex index, List<String> problems) throws IOException {
    byte[] bytes = Files.readAllBytes(layout.indexFile());
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
      records++;
      try {
        ProfileRecord.IndexEntry e = ProfileRecord.parseIndexLine(line);
        if (e.stored() != null) {
          index.put(e.stored());
        } else {
          ProfileRecord r = index.get(e.deletedId());
          if (r != null) {
            index.remove(r);
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

  /** Whether the log holds lines for profiles that are gone, so a rewrite would shrink it. */
  public boolean hasGarbage(int live) {
    return records > live;
  }

  /** Goes on appending to the log as it is. */
  public void openForAppend() throws IOException {
    channel = FileChannel.open(layout.indexFile(), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** Replaces the log atomically with one line per record of {@code index}. */
  public void rewrite(ProfileIndex index) throws IOException {
    closeChannel();
    Path tmp = layout.tmpDir().resolve("index.log.tmp");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream os = new BufferedOutputStream(Channels.newOutputStream(out), 1 << 16);
      for (ProfileRecord r : index.oldestFirst()) {
        os.write(r.toIndexLine().getBytes(StandardCharsets.UTF_8));
      }
      os.flush();
      files.force(out);
    }
    DurableFiles.move(tmp, layout.indexFile());
    files.forceDirectory(layout.base());
    records = index.size();
    openForAppend();
  }

  public void append(String line) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    records++;
  }

  /**
   * Closes cleanly: compacts the log if it holds garbage, forces it and writes the clean marker
   * with its length, so the next open trusts it.
   */
  public void closeClean(ProfileIndex index) throws IOException {
    if (hasGarbage(index.size())) {
      rewrite(index);
    }
    channel.force(true);
    Path marker = layout.cleanMarker();
    Files.writeString(marker, CLEAN_PREFIX + channel.size() + "\n", StandardCharsets.UTF_8);
    files.force(marker);
    files.forceDirectory(layout.base());
  }

  public void closeChannel() throws IOException {
    if (channel != null) {
      FileChannel c = channel;
      channel = null;
      c.close();
    }
  }
}
