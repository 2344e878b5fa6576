/**
 * The file-system {@link io.perfkit.api.storage.ProfileStorage}, {@link
 * io.perfkit.storage.file.FileProfileStorage}, and its provider for {@code file:} URIs.
 */
package io.perfkit.storage.file;
