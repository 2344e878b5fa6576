package io.perfkit.profiler.trace;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tasks, regions and logs as JFR events: a task is one logical operation (a request, a job)
 * that may hop threads, a region a timed step inside it, a log a message attached to it.
 *
 * <pre>{@code
 * try (Trace.Task order = Trace.task("placeOrder")) {
 *   try (Trace.Region r = Trace.region("validate")) { … }
 *   Trace.log("items", "3");
 *   try (Trace.Task pay = Trace.task("charge")) { … }   // a subtask: its parent is order
 * }
 * }</pre>
 * Tasks nest per thread: a task opened while another is open on the same thread is its child.
 * The events are recorded by any JFR recording that enables them (the profiler's do), cost next
 * to nothing when none does, and are read back by {@link TraceSummary} and {@link ChromeTrace}.
 */
public final class Trace {

  private static final AtomicLong IDS = new AtomicLong();
  private static final ThreadLocal<ArrayDeque<Task>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

  private Trace() {}

  /** Opens a task, a child of the task open on this thread, if any. */
  public static Task task(String name) {
    Objects.requireNonNull(name, "name");
    ArrayDeque<Task> open = OPEN.get();
    Task parent = open.peek();
    Task t = new Task(name, IDS.incrementAndGet(), parent == null ? 0 : parent.id);
    open.push(t);
    return t;
  }

  /** Opens a region of the current task (task id 0 when none is open). */
  public static Region region(String name) {
    Objects.requireNonNull(name, "name");
    Task current = OPEN.get().peek();
    return new Region(name, current == null ? 0 : current.id);
  }

  /** Attaches a key/value note to the current task. */
  public static void log(String key, String value) {
    LogEvent e = new LogEvent();
    if (e.isEnabled()) {
      Task current = OPEN.get().peek();
      e.taskId = current == null ? 0 : current.id;
      e.key = key;
      e.value = value;
      e.commit();
    }
  }

  /** An open task; close it on the thread that opened it. */
  public static final class Task implements AutoCloseable {
    private final TaskEvent event = new TaskEvent();
    private final long id;
    private final long parentId;
    private boolean closed;

    private Task(String name, long id, long parentId) {
      this.id = id;
      this.parentId = parentId;
      event.name = name;
      event.taskId = id;
      event.parentId = parentId;
      event.begin();
    }

    public long id() {
      return id;
    }

    /** The parent task's id, 0 for a top-level task. */
    public long parentId() {
      return parentId;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      event.commit();
      ArrayDeque<Task> open = OPEN.get();
      open.remove(this);
      if (open.isEmpty()) {
        OPEN.remove();
      }
    }
  }

  /** An open region. */
  public static final class Region implements AutoCloseable {
    private final RegionEvent event = new RegionEvent();

    private Region(String name, long taskId) {
      event.name = name;
      event.taskId = taskId;
      event.begin();
    }

    @Override
    public void close() {
      event.commit();
    }
  }
}
