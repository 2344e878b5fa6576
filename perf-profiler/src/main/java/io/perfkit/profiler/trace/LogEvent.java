package io.perfkit.profiler.trace;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A key/value note attached to the current task. */
@Name("perfkit.TraceLog")
@Label("Trace Log")
@Category({"Perfkit", "Trace"})
@StackTrace(false)
final class LogEvent extends jdk.jfr.Event {
  @Label("Task Id")
  long taskId;

  @Label("Key")
  String key;

  @Label("Value")
  String value;
}
