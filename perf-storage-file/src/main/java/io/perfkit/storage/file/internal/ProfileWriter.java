package io.perfkit.storage.file.internal;

import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.StoredProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Puts one profile's files in place durably, before the index hears of it: the content is
 * streamed to {@code tmp/} with its CRC-32C, the metadata attached as an extended attribute (or
 * written to a {@code .meta} file), both forced, moved into their type directory, and the
 * directory forced. The metadata's arrival is the commit point on disk. A failure removes what
 * was written; so does {@link Placed#discard()} when the caller cannot commit.
 */
public final class ProfileWriter {

  /** Opens a stream that writes a new file. */
  public interface Opener {
    OutputStream open(Path path) throws IOException;
  }

  /** A profile whose files are in place and durable, not yet in the index. */
  public final class Placed {
    private final ProfileRecord record;

    private Placed(ProfileRecord record) {
      this.record = record;
    }

    public ProfileRecord record() {
      return record;
    }

    /** Removes the files again, metadata first, so nothing half-visible is left. */
    public void discard() {
      DurableFiles.deleteQuietly(layout.metaFile(record.profile()));
      DurableFiles.deleteQuietly(layout.contentFile(record.profile()));
    }
  }

  private final StoreLayout layout;
  private final DurableFiles files;
  private final Opener opener;
  private final boolean attribute;

  /** @param attribute whether to try the metadata attribute before a {@code .meta} file */
  public ProfileWriter(StoreLayout layout, DurableFiles files, Opener opener, boolean attribute) {
    this.layout = layout;
    this.files = files;
    this.opener = opener;
    this.attribute = attribute;
  }

  /**
   * Writes {@code content} as profile {@code id} and moves it into place.
   *
   * @throws IOException naming the profile and its directory; nothing of it is left on disk
   */
  public Placed place(String id, ProfileMetadata metadata, InputStream content) throws IOException {
    Path tmpContent = layout.tmpContent(id, metadata.format());
    Path tmpMeta = layout.tmpMeta(id);
    StoredProfile profile = new StoredProfile(id, metadata, 0);
    Path finalContent = layout.contentFile(profile);
    Path finalMeta = layout.metaFile(profile);
    boolean contentMoved = false;
    try {
      CRC32C crc = new CRC32C();
      long size = 0;
      try (OutputStream out = opener.open(tmpContent)) {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = content.read(buf)) > 0; ) {
          out.write(buf, 0, n);
          crc.update(buf, 0, n);
          size += n;
        }
      }
      ProfileRecord record = new ProfileRecord(new StoredProfile(id, metadata, size), crc.getValue());
      byte[] metaBytes = record.toMetaFile();
      boolean separateMeta = !(attribute && DurableFiles.writeAttribute(tmpContent, metaBytes));
      files.force(tmpContent);
      if (separateMeta) {
        try (OutputStream out = opener.open(tmpMeta)) {
          out.write(metaBytes);
        }
        files.force(tmpMeta);
      }
      Path dir = finalContent.getParent();
      files.createDirectoriesDurably(dir);
      DurableFiles.move(tmpContent, finalContent);
      contentMoved = true;
      if (separateMeta) {
        DurableFiles.move(tmpMeta, finalMeta);
      }
      files.forceDirectory(dir);
      return new Placed(record);
    } catch (IOException | RuntimeException e) {
      DurableFiles.deleteQuietly(tmpContent);
      DurableFiles.deleteQuietly(tmpMeta);
      // metadata first: without it the content is an orphan that the next open removes
      DurableFiles.deleteQuietly(finalMeta);
      if (contentMoved) {
        DurableFiles.deleteQuietly(finalContent);
      }
      if (e instanceof IOException) {
        throw new IOException("cannot store profile " + id + " in " + finalContent.getParent() + ": " + e, e);
      }
      throw e;
    }
  }
}
