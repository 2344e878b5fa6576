/**
 * The file-system profile storage, registered for the {@code file} URI scheme.
 *
 * @provides io.perfkit.api.storage.ProfileStorageProvider for {@code file:} URIs
 */
module io.perfkit.storage.file {
  requires transitive io.perfkit.api;

  exports io.perfkit.storage.file;

  provides io.perfkit.api.storage.ProfileStorageProvider
      with io.perfkit.storage.file.FileProfileStorageProvider;
}
