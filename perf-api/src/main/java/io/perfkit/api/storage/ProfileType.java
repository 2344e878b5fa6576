package io.perfkit.api.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a profile measures, in JVM terms. The lower-case {@link #wireName()} ({@code cpu},
 * {@code thread_dump}) is the form used in URLs, file names and JSON, and {@link #parse} reads
 * it case-insensitively.
 */
public enum ProfileType {
  /**
   * Where threads spend CPU: stack samples of threads running Java code ({@code
   * jdk.ExecutionSample}, and {@code jdk.CPUTimeSample} on JVMs that offer CPU-time sampling).
   */
  CPU,
  /**
   * Where memory is allocated: sampled allocation sites weighted by bytes ({@code
   * jdk.ObjectAllocationSample}).
   */
  ALLOCATION,
  /**
   * Where threads wait for each other: monitor contention and waits, and {@code LockSupport.park}
   * ({@code jdk.JavaMonitorEnter}, {@code jdk.JavaMonitorWait}, {@code jdk.ThreadPark}) above a
   * threshold.
   */
  LOCK,
  /**
   * Where threads wait on the outside world: socket and file reads and writes and sleeps above a
   * threshold. JFR does not sample idle threads, so this is built from events, not from
   * wall-clock sampling.
   */
  IO,
  /**
   * What stays on the heap: leak candidates ({@code jdk.OldObjectSample}, which only sees objects
   * allocated while a recording runs) and a class histogram.
   */
  HEAP,
  /** Every thread with its stack, state and the lock it waits for or holds: a text dump. */
  THREAD_DUMP;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used on the wire and on disk. */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses a wire name case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and listing the known types
   */
  public static ProfileType parse(String name) {
    Objects.requireNonNull(name, "profile type");
    for (ProfileType t : values()) {
      if (t.wireName.equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown profile type '" + name + "'; known types: "
            + Arrays.stream(values()).map(ProfileType::wireName).collect(Collectors.joining(", ")));
  }
}
