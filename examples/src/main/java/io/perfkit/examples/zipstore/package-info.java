/**
 * A third-party {@link io.perfkit.api.storage.ProfileStorage} written against the SPI alone,
 * proved by the contract kit and found by {@link java.util.ServiceLoader}.
 */
package io.perfkit.examples.zipstore;
