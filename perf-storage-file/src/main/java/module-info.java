/** The file-system profile storage, registered for the {@code file} URI scheme. */
module io.perfkit.storage.file {
  requires io.perfkit.api;
}
