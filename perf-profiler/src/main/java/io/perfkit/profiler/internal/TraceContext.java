package io.perfkit.profiler.internal;

/**
 * The OpenTelemetry span current on the calling thread, when the application has OpenTelemetry's
 * API: its trace and span ids, or null. Without OpenTelemetry on the class path (or module
 * path), {@link #current()} answers null and nothing of OpenTelemetry is ever loaded: the only
 * class that names it, {@link OpenTelemetrySpans}, is touched after a presence check.
 */
public final class TraceContext {

  /** A trace id and span id, as OpenTelemetry writes them (32 and 16 lower-case hex digits). */
  public record Ids(String traceId, String spanId) {}

  private static final boolean PRESENT = present();

  private TraceContext() {}

  private static boolean present() {
    try {
      Class.forName("io.opentelemetry.api.trace.Span", false, TraceContext.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** True when OpenTelemetry's API can be read. */
  public static boolean available() {
    return PRESENT;
  }

  /** The current span's ids, or null when there is none (or no OpenTelemetry). */
  public static Ids current() {
    if (!PRESENT) {
      return null;
    }
    try {
      return OpenTelemetrySpans.current();
    } catch (LinkageError e) {
      return null;  // an API too old or incomplete: profiles go without trace ids
    }
  }
}
