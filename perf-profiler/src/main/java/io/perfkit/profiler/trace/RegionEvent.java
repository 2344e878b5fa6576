package io.perfkit.profiler.trace;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A region's span within a task, emitted when the region closes. */
@Name("perfkit.TraceRegion")
@Label("Trace Region")
@Category({"Perfkit", "Trace"})
@StackTrace(false)
final class RegionEvent extends jdk.jfr.Event {
  @Label("Name")
  String name;

  @Label("Task Id")
  long taskId;
}
