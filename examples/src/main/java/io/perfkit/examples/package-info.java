/**
 * Runnable programs, one per part of Perfkit, and the tour that tells the whole story; {@code
 * java -jar perf-examples.jar} lists them.
 */
package io.perfkit.examples;
