package io.perfkit.profiler.trace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;

/**
 * A JVM of JDK 21 or later for {@link TraceTest}: a task whose subtasks run on a virtual thread
 * per task executor wrapped by {@link Trace#wrap(java.util.concurrent.ExecutorService)}, three
 * submitted and one through {@code CompletableFuture.supplyAsync}; prints how many ran on
 * virtual threads and the recorded tree. Compiled for 17, so the executor is made reflectively.
 */
public final class VirtualThreadsChild {

  private VirtualThreadsChild() {}

  @SuppressWarnings("try")  // tasks are opened for their span alone
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    ExecutorService traced = Trace.wrap(virtual);
    int onVirtual = 0;
    try (Recording r = new Recording()) {
      r.enable("perfkit.TraceTask");
      r.start();
      try (Trace.Task parent = Trace.task("parent")) {
        List<Future<Boolean>> subtasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          subtasks.add(traced.submit(VirtualThreadsChild::subtask));
        }
        subtasks.add(CompletableFuture.supplyAsync(() -> {
          try {
            return subtask();
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }, traced));
        for (Future<Boolean> f : subtasks) {
          onVirtual += f.get() ? 1 : 0;
        }
      }
      traced.shutdown();
      if (!traced.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the virtual thread executor did not end");
      }
      r.stop();
      r.dump(file);
    }
    System.out.println("ran on virtual threads: " + onVirtual + " of 4");
    for (RecordedTask root : TraceSummary.tasks(file)) {
      System.out.println(root.name() + " id=" + root.id() + " thread=" + root.threadId());
      for (RecordedTask sub : root.subtasks()) {
        System.out.println("  " + sub.name() + " parent=" + sub.parentId() + " thread=" + sub.threadId());
      }
    }
  }

  /** Opens a subtask of the current task; whether this thread is virtual. */
  @SuppressWarnings("try")
  private static boolean subtask() throws ReflectiveOperationException {
    try (Trace.Task t = Trace.task("subtask")) {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
    }
  }
}
