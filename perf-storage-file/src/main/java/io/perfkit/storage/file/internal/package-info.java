/**
 * The parts of the file storage: its layout, durable-file primitives, the profile writer, the in-
 * memory index and its log, recovery, retention and the directory lock. Not exported.
 */
package io.perfkit.storage.file.internal;
