package io.perfkit.profiler.trace;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
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
 * Tasks nest per thread: a task opened while another is current on the same thread is its child.
 * Work handed to another thread takes its task along when it is wrapped: {@link #wrap(ExecutorService)}
 * runs everything submitted under the submitter's current task, {@link Task#continueOn(Executor)}
 * under a given one, and {@link Task#attach()} makes a task current on any thread by hand.
 *
 * <pre>{@code
 * ExecutorService pool = Trace.wrap(Executors.newFixedThreadPool(4));
 * try (Trace.Task order = Trace.task("placeOrder")) {
 *   Future<Receipt> receipt = pool.submit(() -> {
 *     try (Trace.Task pay = Trace.task("charge")) {   // on a pool thread, still a subtask of order
 *       return payments.charge(card);
 *     }
 *   });
 *   ship(receipt.get());
 * }
 * }</pre>
 * The events are recorded by any JFR recording that enables them (the profiler's do), cost next
 * to nothing when none does, and are read back by {@link TraceSummary} and {@link ChromeTrace},
 * which nest subtasks under their parent by id, whatever thread each ran on.
 *
 * <p>Threads: each thread has its own stack of current tasks (those it opened and those attached
 * to it); a task is closed on the thread that opened it and a scope on the thread that attached
 * it. A {@link Task} may be shared with other threads to attach it, wrap work in it or read its
 * ids; all three are safe from any thread, also after the task has closed (a subtask may outlive
 * its parent).
 */
public final class Trace {

  private static final AtomicLong IDS = new AtomicLong();
  // This thread's open tasks and attached scopes, innermost first; never empty when set, so that
  // a pool thread with nothing current holds no deque.
  private static final ThreadLocal<ArrayDeque<Frame>> STACK = new ThreadLocal<>();

  private Trace() {}

  /** Opens a task, a child of the task current on this thread, if any. */
  public static Task task(String name) {
    Objects.requireNonNull(name, "name");
    Task parent = innermost();
    Task t = new Task(name, IDS.incrementAndGet(), parent == null ? 0 : parent.id);
    push(t.own);
    return t;
  }

  /**
   * The task current on this thread: the innermost one it opened or had attached that is still
   * open, or attached.
   */
  public static Optional<Task> current() {
    return Optional.ofNullable(innermost());
  }

  /** Opens a region of the current task (task id 0 when none is current). */
  public static Region region(String name) {
    Objects.requireNonNull(name, "name");
    Task current = innermost();
    return new Region(name, current == null ? 0 : current.id);
  }

  /** Attaches a key/value note to the current task. */
  public static void log(String key, String value) {
    LogEvent e = new LogEvent();
    if (e.isEnabled()) {
      Task current = innermost();
      e.taskId = current == null ? 0 : current.id;
      e.key = key;
      e.value = value;
      e.commit();
    }
  }

  /**
   * {@code runnable} bound to the task current now: it runs with that task attached, on whatever
   * thread runs it. With no task current, {@code runnable} itself.
   */
  public static Runnable wrap(Runnable runnable) {
    Objects.requireNonNull(runnable, "runnable");
    Task current = innermost();
    return current == null ? runnable : current.bind(runnable);
  }

  /**
   * {@code callable} bound to the task current now: it runs with that task attached, on whatever
   * thread calls it. With no task current, {@code callable} itself.
   */
  public static <V> Callable<V> wrap(Callable<V> callable) {
    Objects.requireNonNull(callable, "callable");
    Task current = innermost();
    return current == null ? callable : current.bind(callable);
  }

  /**
   * {@code executor} running everything given to it ({@code execute}, {@code submit},
   * {@code invokeAll}, {@code invokeAny}) under the task current on the submitting thread at the
   * time of the call, as {@link #wrap(Runnable)} does; work submitted with no task current runs
   * with none. Shutting down, awaiting and closing the returned service act on {@code executor};
   * the runnables {@code shutdownNow} returns are the wrapped ones. Works with
   * {@code CompletableFuture.supplyAsync(supplier, Trace.wrap(pool))} and with a virtual thread
   * per task executor alike.
   */
  public static ExecutorService wrap(ExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return executor instanceof TracedExecutorService ? executor : new TracedExecutorService(executor);
  }

  private static Task innermost() {
    ArrayDeque<Frame> stack = STACK.get();
    return stack == null ? null : stack.peek().task;
  }

  private static void push(Frame frame) {
    ArrayDeque<Frame> stack = STACK.get();
    if (stack == null) {
      stack = new ArrayDeque<>();
      STACK.set(stack);
    }
    stack.push(frame);
  }

  // Removes the frame wherever it is, so that closing out of order leaves the others in place.
  private static void pop(Frame frame) {
    ArrayDeque<Frame> stack = STACK.get();
    if (stack != null) {
      stack.remove(frame);
      if (stack.isEmpty()) {
        STACK.remove();
      }
    }
  }

  /**
   * One entry of a thread's stack: a task opened there or attached there. Compared by identity, so
   * that a task opened and attached on the same thread leaves as often as it came.
   */
  private static final class Frame {
    final Task task;

    Frame(Task task) {
      this.task = task;
    }
  }

  /**
   * An open task. Close it on the thread that opened it; attach it, or wrap work in it, from any
   * thread.
   */
  public static final class Task implements AutoCloseable {
    private final TaskEvent event = new TaskEvent();
    private final Frame own = new Frame(this);
    private final String name;
    private final long id;
    private final long parentId;
    private boolean closed;

    private Task(String name, long id, long parentId) {
      this.name = name;
      this.id = id;
      this.parentId = parentId;
      event.name = name;
      event.taskId = id;
      event.parentId = parentId;
      event.begin();
    }

    /** The name it was opened with. */
    public String name() {
      return name;
    }

    /** This task's id, unique in the JVM and greater than 0. */
    public long id() {
      return id;
    }

    /** The parent task's id, 0 for a top-level task. */
    public long parentId() {
      return parentId;
    }

    /**
     * Makes this task current on the calling thread, any thread, until the scope closes: tasks
     * opened meanwhile are its subtasks, regions and logs are its own. Commits no event and does
     * not close this task; closing the scope makes current again what was before.
     */
    public Scope attach() {
      return new Scope(this);
    }

    /**
     * An executor that hands each command to {@code executor} and runs it with this task
     * attached, detached again when the command returns or throws.
     */
    public Executor continueOn(Executor executor) {
      Objects.requireNonNull(executor, "executor");
      return command -> executor.execute(bind(Objects.requireNonNull(command, "command")));
    }

    Runnable bind(Runnable runnable) {
      return () -> {
        Scope scope = attach();
        try {
          runnable.run();
        } finally {
          scope.close();
        }
      };
    }

    <V> Callable<V> bind(Callable<V> callable) {
      return () -> {
        Scope scope = attach();
        try {
          return callable.call();
        } finally {
          scope.close();
        }
      };
    }

    /** Ends the task and commits its event; closing it again does nothing. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      event.commit();
      pop(own);
    }

    @Override
    public String toString() {
      return "task " + name + " (id " + id + ", parent " + parentId + ")";
    }
  }

  /**
   * A task attached to a thread by {@link Task#attach()}. Close it on the thread that attached it;
   * closing it again does nothing. Scopes nest, and one closed out of order leaves the others
   * current as they were.
   */
  public static final class Scope implements AutoCloseable {
    private final Frame frame;
    private final Thread thread;
    private boolean closed;

    private Scope(Task task) {
      this.frame = new Frame(task);
      this.thread = Thread.currentThread();
      push(frame);
    }

    /** The task this scope attached. */
    public Task task() {
      return frame.task;
    }

    /**
     * Detaches the task from this thread.
     *
     * @throws IllegalStateException if called on another thread than the one that attached it,
     *     whose stack this thread cannot reach
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      if (Thread.currentThread() != thread) {
        throw new IllegalStateException("the scope of " + frame.task + " was attached on thread '" + thread.getName()
            + "' and closed on thread '" + Thread.currentThread().getName() + "'; close it on the thread that attached it");
      }
      closed = true;
      pop(frame);
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
