package io.perfkit.api.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Keeps profiles: metadata plus content, the content streamed in and out, never required whole
 * in memory.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Callers.</b> The profiler's collector stores from its own background thread; HTTP
 *       handlers and analysis code query and read from request threads. The application's own
 *       threads never call a storage on their hot path.</li>
 *   <li><b>Thread safety.</b> Every method may be called concurrently from any thread.</li>
 *   <li><b>Atomicity.</b> A stored profile is visible to {@link #query} and {@link #find} only
 *       once its content is complete; a failed {@link #store} leaves nothing behind.</li>
 *   <li><b>Nulls.</b> No parameter may be null; absence comes back as {@link Optional} or an
 *       empty list.</li>
 *   <li><b>Errors.</b> I/O failures are {@link IOException}s that name the path or resource and
 *       the cause; an unknown id is a {@link NoSuchProfileException}; an invalid id is an
 *       {@link IllegalArgumentException} that names it. A failed store loses nothing already
 *       stored.</li>
 *   <li><b>Lifecycle.</b> Opened by a {@link ProfileStorageProvider}; {@link #close} releases
 *       files and threads. After close every method but close throws
 *       {@link IllegalStateException}; close is idempotent.</li>
 * </ul>
 *
 * <p>Implementations prove this contract by extending {@code ProfileStorageContract} from the
 * {@code perf-testkit} artifact.
 */
public interface ProfileStorage extends AutoCloseable {

  /** Orders results newest start first, ties by id descending, as {@link #query} returns them. */
  Comparator<StoredProfile> NEWEST_FIRST =
      Comparator.comparing((StoredProfile p) -> p.metadata().start())
          .thenComparing(StoredProfile::id)
          .reversed();

  /**
   * Stores a profile, reading {@code content} to its end. The stream is not closed.
   *
   * @return the stored record, with a new id and the content's size
   * @throws IOException when the content cannot be read or written; nothing is stored then
   * @throws IllegalStateException when the storage is closed
   */
  StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException;

  /**
   * Stores a profile whose content is the file at {@code content}, which is left in place.
   *
   * @throws IOException when the file cannot be read or the content written
   */
  default StoredProfile store(ProfileMetadata metadata, Path content) throws IOException {
    try (InputStream in = Files.newInputStream(content)) {
      return store(metadata, in);
    }
  }

  /**
   * Metadata of the profiles that match {@code query}, newest first ({@link #NEWEST_FIRST}), at
   * most {@code query.limit()} of them.
   */
  List<StoredProfile> query(ProfileQuery query) throws IOException;

  /**
   * The profile with {@code id}, if stored.
   *
   * @throws IllegalArgumentException when {@code id} is not a valid profile id
   */
  Optional<StoredProfile> find(String id) throws IOException;

  /**
   * Opens the content of {@code id} for reading. The caller closes the stream. A profile that
   * is open for reading is not removed by retention while the stream is open; an explicit
   * {@link #delete} may remove it, and the open stream still reads the whole content.
   *
   * @throws NoSuchProfileException when no such profile is stored
   * @throws IllegalArgumentException when {@code id} is not a valid profile id
   */
  InputStream openContent(String id) throws IOException;

  /**
   * Deletes a profile.
   *
   * @return true when it existed and was deleted, false when it was not stored
   * @throws IllegalArgumentException when {@code id} is not a valid profile id
   */
  boolean delete(String id) throws IOException;

  /**
   * Applies this storage's retention policy now, oldest first. Storages also apply it on their
   * own (on store or on a schedule); this lets an operator or a test force it.
   *
   * @return how many profiles were deleted
   */
  int applyRetention() throws IOException;

  /** Releases files and threads. Idempotent. */
  @Override
  void close() throws IOException;
}
