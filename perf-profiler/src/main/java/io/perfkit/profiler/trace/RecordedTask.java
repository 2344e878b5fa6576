package io.perfkit.profiler.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One task of a recording with the subtasks recorded under it, on whichever threads they ran.
 *
 * @param name the task name
 * @param id the task id
 * @param parentId the id of the task it was opened under, 0 for a top-level task; not 0 but no
 *     parent in the tree when the parent's event is not in the recording (still open when it
 *     ended, or outside it)
 * @param threadId the Java id of the thread that ran it (0 when the recording does not say)
 * @param threadName that thread's name, empty when the recording does not say
 * @param start when it opened
 * @param duration how long it was open
 * @param subtasks the tasks opened under it, by start time
 */
public record RecordedTask(String name, long id, long parentId, long threadId, String threadName, Instant start,
    Duration duration, List<RecordedTask> subtasks) {

  /** Copies {@code subtasks}; every component is non-null. */
  public RecordedTask {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(threadName, "threadName");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    subtasks = List.copyOf(subtasks);
  }
}
