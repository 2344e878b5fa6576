/**
 * The profile storage SPI: {@link io.perfkit.api.storage.ProfileStorage} keeps profiles
 * (metadata plus streamed content), {@link io.perfkit.api.storage.ProfileStorageProvider} opens
 * one for a URI scheme, and {@link io.perfkit.api.storage.ProfileStorages} picks the provider.
 */
package io.perfkit.api.storage;
