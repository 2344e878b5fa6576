/**
 * The {@code /debug} endpoints ({@link io.perfkit.profiler.http.DebugHttp}): fresh captures that
 * never hold a handler thread, stored profiles and their analyses within a limit on how many run
 * at once.
 */
package io.perfkit.profiler.http;
