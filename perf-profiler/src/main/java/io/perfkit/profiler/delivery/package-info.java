/**
 * Handing captures on: {@link io.perfkit.profiler.delivery.ProfileCollector} takes each capture
 * on its own thread (a bounded queue, counted drops), labels it with a summary of its top frames,
 * and stores it through the {@link io.perfkit.api.storage.ProfileStorage} SPI.
 */
package io.perfkit.profiler.delivery;
