package io.perfkit.storage.file.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;

/**
 * The file-system primitives a crash-safe store is made of: forcing a file and a directory,
 * an atomic move, a directory created durably, and metadata attached to a file as a user
 * extended attribute. With {@code fsync} off, forcing does nothing and the rest is unchanged,
 * so a kill still loses nothing but a power loss may.
 */
public final class DurableFiles {

  private static final System.Logger LOG = System.getLogger(DurableFiles.class.getName());
  private static final String META_ATTRIBUTE = "perfkit.meta";

  private final boolean fsync;

  public DurableFiles(boolean fsync) {
    this.fsync = fsync;
  }

  public boolean fsync() {
    return fsync;
  }

  /** Forces a file's content and metadata (its extended attributes included) to disk. */
  public void force(Path file) throws IOException {
    if (fsync) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }
  }

  /** Forces an open channel, when forcing is on. */
  public void force(FileChannel channel) throws IOException {
    if (fsync) {
      channel.force(true);
    }
  }

  /** Makes the entries of a directory (a rename into it, a new file) durable. */
  public void forceDirectory(Path dir) {
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

  /** Creates {@code dir} and makes its entry, and its parent's, durable. */
  public void createDirectoriesDurably(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir);
    forceDirectory(dir.getParent());
    forceDirectory(dir.getParent().getParent());
  }

  /** Renames atomically where the file system can, replacing the target. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  public static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "cannot delete " + p, e);
    }
  }

  /** Deletes every entry of {@code dir}; returns how many there were. */
  public static int empty(Path dir) throws IOException {
    int n = 0;
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir)) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
        n++;
      }
    }
    return n;
  }

  /** Attaches the metadata to a file; false when the file system cannot hold it there. */
  public static boolean writeAttribute(Path file, byte[] meta) {
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
  public static byte[] readAttribute(Path file) {
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

  /** Whether files in {@code dir} keep a user extended attribute, tried on a probe file. */
  public static boolean attributesSupported(Path dir) {
    Path probe = dir.resolve("attribute-probe");
    try {
      Files.write(probe, new byte[0]);
      byte[] expected = "probe".getBytes(StandardCharsets.UTF_8);
      return writeAttribute(probe, expected) && Arrays.equals(expected, readAttribute(probe));
    } catch (IOException e) {
      return false;
    } finally {
      deleteQuietly(probe);
    }
  }
}
