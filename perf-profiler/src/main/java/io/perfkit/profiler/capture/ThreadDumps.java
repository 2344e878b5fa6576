package io.perfkit.profiler.capture;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Thread dumps as text: every platform thread with its state, full stack, the monitors it holds,
 * the lock it waits for and that lock's owner, followed by the deadlocks the JVM finds, and on JDK
 * 21 and later every thread the JVM tracks, virtual threads included, grouped by identical stack
 * with counts ({@link StackGroups}; the largest 50 groups). ({@link ThreadInfo#toString()} cuts
 * stacks at eight frames; this does not.)
 */
public final class ThreadDumps {

  /** Stack groups a dump shows. */
  static final int GROUPS_SHOWN = 50;

  private ThreadDumps() {}

  /** A dump of every live thread. */
  public static String dump() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    ThreadInfo[] infos = mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(), mx.isSynchronizerUsageSupported());
    StringBuilder sb = new StringBuilder(64 * 1024);
    sb.append("Thread dump at ").append(Instant.now()).append(", ").append(infos.length).append(" threads\n\n");
    for (ThreadInfo t : infos) {
      format(sb, t);
    }
    List<Deadlock> deadlocks = deadlocks();
    if (!deadlocks.isEmpty()) {
      sb.append("Found ").append(deadlocks.size()).append(" deadlocked thread(s):\n");
      for (Deadlock d : deadlocks) {
        sb.append("  \"").append(d.thread()).append("\" waits for ").append(d.lock()).append(" held by \"")
            .append(d.owner()).append("\"\n");
      }
    }
    try {
      StackGroups.capture().ifPresent(g -> sb.append('\n').append(g.text(GROUPS_SHOWN)));
    } catch (java.io.IOException e) {
      sb.append("\nNo threads by stack (virtual threads included): ").append(e.getMessage()).append('\n');
    }
    return sb.toString();
  }

  /** One thread of a deadlock cycle: it waits for {@code lock}, which {@code owner} holds. */
  public record Deadlock(String thread, long threadId, String lock, String owner) {}

  /** The threads the JVM finds deadlocked (monitors and ownable synchronizers); empty when none. */
  public static List<Deadlock> deadlocks() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] ids = mx.isSynchronizerUsageSupported() ? mx.findDeadlockedThreads() : mx.findMonitorDeadlockedThreads();
    List<Deadlock> out = new ArrayList<>();
    if (ids == null) {
      return out;
    }
    for (ThreadInfo t : mx.getThreadInfo(ids, false, false)) {
      if (t != null) {
        out.add(new Deadlock(t.getThreadName(), t.getThreadId(), String.valueOf(t.getLockName()), String.valueOf(t.getLockOwnerName())));
      }
    }
    return out;
  }

  static void format(StringBuilder sb, ThreadInfo t) {
    sb.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId());
    if (t.isDaemon()) {
      sb.append(" daemon");
    }
    sb.append(" prio=").append(t.getPriority()).append(' ').append(t.getThreadState());
    if (t.getLockName() != null) {
      sb.append(" on ").append(t.getLockName());
    }
    if (t.getLockOwnerName() != null) {
      sb.append(" owned by \"").append(t.getLockOwnerName()).append("\" #").append(t.getLockOwnerId());
    }
    if (t.isSuspended()) {
      sb.append(" (suspended)");
    }
    if (t.isInNative()) {
      sb.append(" (in native)");
    }
    sb.append('\n');
    StackTraceElement[] stack = t.getStackTrace();
    MonitorInfo[] monitors = t.getLockedMonitors();
    for (int i = 0; i < stack.length; i++) {
      sb.append("\tat ").append(stack[i]).append('\n');
      if (i == 0 && t.getLockInfo() != null) {
        switch (t.getThreadState()) {
          case BLOCKED:
            sb.append("\t-  blocked on ").append(t.getLockInfo()).append('\n');
            break;
          case WAITING:
          case TIMED_WAITING:
            sb.append("\t-  waiting on ").append(t.getLockInfo()).append('\n');
            break;
          default:
            break;
        }
      }
      for (MonitorInfo m : monitors) {
        if (m.getLockedStackDepth() == i) {
          sb.append("\t-  locked ").append(m).append('\n');
        }
      }
    }
    LockInfo[] synchronizers = t.getLockedSynchronizers();
    if (synchronizers.length > 0) {
      sb.append("\n\tLocked synchronizers:\n");
      for (LockInfo l : synchronizers) {
        sb.append("\t- ").append(l).append('\n');
      }
    }
    sb.append('\n');
  }
}
