package io.perfkit.storage.file.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock on {@code .lock} that keeps a storage directory to one open storage, in
 * this process or any other. The file names the holder's pid, so the error a second opener gets
 * says who has it.
 */
public final class DirectoryLock implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(DirectoryLock.class.getName());

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of the storage in {@code base}.
   *
   * @throws IOException naming the directory and the holder when another storage has it
   */
  public static DirectoryLock acquire(Path file, Path base) throws IOException {
    FileChannel channel = FileChannel.open(file,
        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock acquired;
    try {
      acquired = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      acquired = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (acquired == null) {
      String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
      channel.close();
      throw new IOException("profile storage directory " + base + " is in use by another storage"
          + (holder.isEmpty() ? "" : " (" + holder + ")") + "; one process at a time may open it");
    }
    DirectoryLock held = new DirectoryLock(file, channel, acquired);
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
    } catch (IOException | RuntimeException e) {
      held.close();
      throw e;
    }
    return held;
  }

  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "releasing lock " + file, e);
    }
  }
}
