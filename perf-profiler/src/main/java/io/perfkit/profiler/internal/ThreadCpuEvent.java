package io.perfkit.profiler.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The CPU time one thread used since the previous reading, emitted once a period for every
 * thread that used any: the ground truth a CPU profile is checked and corrected against, since
 * JFR's execution sampler before JDK 25 never sees a thread running native code, an intrinsic
 * stub ({@code System.arraycopy}, {@code CRC32.update}) or a frame it cannot walk.
 */
@Name(ThreadCpuEvent.NAME)
@Label("Thread CPU Time")
@Category("Perfkit")
@Description("CPU time a thread used since the previous reading, with a stack taken at the reading when the thread was busy")
@StackTrace(false)
@Period("1 s")
public final class ThreadCpuEvent extends Event {

  public static final String NAME = "perfkit.ThreadCpu";

  @Label("Thread")
  public Thread sampledThread;

  @Label("CPU Time")
  @Description("User and system CPU time since the previous reading")
  @Timespan(Timespan.NANOSECONDS)
  public long cpuTime;

  @Label("Interval")
  @Description("Wall time since the previous reading")
  @Timespan(Timespan.NANOSECONDS)
  public long interval;

  @Label("Stack")
  @Description("The thread's stack at the reading, top frame first, one class.method per line; "
      + "taken at a safepoint, so only where a profile has no better sample of this thread's CPU")
  public String stack;
}
