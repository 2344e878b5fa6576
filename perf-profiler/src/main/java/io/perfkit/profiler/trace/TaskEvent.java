package io.perfkit.profiler.trace;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task's span, emitted when the task closes. */
@Name("perfkit.TraceTask")
@Label("Trace Task")
@Category({"Perfkit", "Trace"})
@StackTrace(false)
final class TaskEvent extends jdk.jfr.Event {
  @Label("Name")
  String name;

  @Label("Task Id")
  long taskId;

  @Label("Parent Id")
  long parentId;
}
