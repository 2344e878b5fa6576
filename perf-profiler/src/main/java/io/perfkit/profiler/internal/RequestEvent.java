package io.perfkit.profiler.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One request, emitted by the request profiler; its duration is the event's own. */
@Name("perfkit.Request")
@Label("Request")
@Category("Perfkit")
@Description("An HTTP or other request timed by Perfkit's request profiler")
@StackTrace(false)
public final class RequestEvent extends Event {
  @Label("Method")
  public String method;

  @Label("Path")
  public String path;

  @Label("Status")
  public int status;

  @Label("Slow")
  @Description("none, slow or very-slow")
  public String slow;

  @Label("Trace Id")
  @Description("The OpenTelemetry trace of the request, when the application has OpenTelemetry")
  public String traceId;

  @Label("Span Id")
  @Description("The OpenTelemetry span current when the request began")
  public String spanId;
}
