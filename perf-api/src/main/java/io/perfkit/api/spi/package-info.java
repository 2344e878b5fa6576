/** A small loader over {@link java.util.ServiceLoader} that tests can feed. */
package io.perfkit.api.spi;
