package io.perfkit.profiler.capture;

import io.perfkit.api.storage.ProfileMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A finished capture: its metadata and the file holding it (a {@code .jfr} recording, or a text
 * thread dump), in the profiler's work directory. Whoever takes the result owns the file and
 * deletes it when done ({@link #deleteFile()}); the collector does so after storing it.
 *
 * @param metadata what the capture is
 * @param file where its content is
 */
public record CaptureResult(ProfileMetadata metadata, Path file) {

  public CaptureResult {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(file, "file");
  }

  /** Deletes the content file; true when it existed. */
  public boolean deleteFile() throws IOException {
    return Files.deleteIfExists(file);
  }

}
