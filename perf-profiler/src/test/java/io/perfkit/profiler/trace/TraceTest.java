package io.perfkit.profiler.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perfkit.testtools.NewerJdk;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TraceTest {

  @TempDir Path dir;

  private final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void shutDownPools() throws InterruptedException {
    for (ExecutorService pool : pools) {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "pool ends: " + pool);
    }
    assertEquals(Optional.empty(), Trace.current(), "a test leaves no task current on its own thread");
  }

  /** A fixed pool whose threads are named {@code prefix-N}, shut down after the test. */
  private ExecutorService pool(String prefix, int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory named = r -> new Thread(r, prefix + "-" + n.incrementAndGet());
    ExecutorService pool = Executors.newFixedThreadPool(threads, named);
    pools.add(pool);
    return pool;
  }

  /** What {@code work} traced, recorded into a file. */
  private Path record(Callable<?> work) throws Exception {
    Path file = dir.resolve("trace-" + System.nanoTime() + ".jfr");
    try (Recording r = new Recording()) {
      r.enable("perfkit.TraceTask");
      r.enable("perfkit.TraceRegion");
      r.enable("perfkit.TraceLog");
      r.start();
      work.call();
      r.stop();
      r.dump(file);
    }
    return file;
  }

  private static List<RecordedEvent> events(Path file, String type) throws Exception {
    List<RecordedEvent> out = new ArrayList<>();
    try (RecordingFile rf = new RecordingFile(file)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (e.getEventType().getName().equals(type)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  @Test
  @SuppressWarnings("try")  // regions are opened for their span alone
  void tasksNest_summariesCount_andChromeTraceHasTheTimeline() throws Exception {
    Path file = dir.resolve("trace.jfr");
    long orderId;
    long payParent;
    try (Recording r = new Recording()) {
      r.enable("perfkit.TraceTask");
      r.enable("perfkit.TraceRegion");
      r.enable("perfkit.TraceLog");
      r.start();
      for (int i = 0; i < 3; i++) {
        try (Trace.Task order = Trace.task("placeOrder")) {
          try (Trace.Region v = Trace.region("validate")) {
            Thread.sleep(5);
          }
          Trace.log("items", Integer.toString(i + 1));
          try (Trace.Task pay = Trace.task("charge")) {
            Thread.sleep(10);
            assertEquals(order.id(), pay.parentId());
          }
        }
      }
      try (Trace.Task top = Trace.task("top")) {
        orderId = top.id();
        payParent = top.parentId();
      }
      r.stop();
      r.dump(file);
    }
    assertTrue(orderId > 0);
    assertEquals(0, payParent, "a task opened with none open is top-level");

    List<TaskSummary> summaries = TraceSummary.of(file);
    TaskSummary order = summaries.stream().filter(s -> s.name().equals("placeOrder")).findFirst().orElseThrow();
    TaskSummary charge = summaries.stream().filter(s -> s.name().equals("charge")).findFirst().orElseThrow();
    assertEquals(3, order.count());
    assertEquals(3, charge.count());
    assertTrue(order.p50().toMillis() >= 15, order.toString());
    assertTrue(order.total().compareTo(charge.total()) > 0);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int written = ChromeTrace.write(file, out);
    JsonNode events = new ObjectMapper().readTree(out.toByteArray()).get("traceEvents");
    assertEquals(written, events.size());
    assertEquals(3 + 3 + 1 + 3 + 3, written, "tasks, regions and logs");
    int complete = 0;
    int tasks = 0;
    for (JsonNode e : events) {
      if (e.get("ph").asText().equals("X")) {
        complete++;
        assertTrue(e.get("dur").asDouble() > 0);
        String cat = e.get("cat").asText();
        assertTrue(cat.equals("task") || cat.equals("region"), "a complete event is a task or a region: " + e);
        boolean task = cat.equals("task");
        tasks += task ? 1 : 0;
        // tasks carry their parent, regions only the task they ran in
        assertEquals(task, e.get("args").has("parentId"), e.toString());
        assertTrue(e.get("args").has("taskId"), e.toString());
      }
    }
    assertEquals(10, complete);
    assertTrue(tasks > 0 && tasks < complete, "both tasks and regions: " + tasks + " of " + complete);
  }

  @Test
  @SuppressWarnings("try")  // subtasks are opened for their span alone
  void subtasksOnAPool_nestUnderTheirParent_throughWrapContinueOnSupplyAsyncAndAttach() throws Exception {
    ExecutorService fixed = pool("worker", 2);
    ExecutorService traced = Trace.wrap(fixed);
    long[] parent = new long[1];
    Map<String, Optional<Long>> currentInside = new HashMap<>();
    AtomicReference<Optional<Trace.Task>> afterScope = new AtomicReference<>();
    Path file = record(() -> {
      try (Trace.Task order = Trace.task("placeOrder")) {
        parent[0] = order.id();
        traced.submit(() -> {
          try (Trace.Task t = Trace.task("viaWrap")) {
            Thread.sleep(2);
          }
          return null;
        }).get();
        CompletableFuture.runAsync(() -> {
          try (Trace.Task t = Trace.task("viaContinueOn")) {
            Trace.log("step", "continueOn");
          }
        }, order.continueOn(fixed)).get();
        currentInside.put("supplyAsync", CompletableFuture.supplyAsync(() -> {
          try (Trace.Task t = Trace.task("viaSupplyAsync")) {
            return Optional.of(t.parentId());
          }
        }, traced).get());
        fixed.submit(() -> {
          try (Trace.Scope scope = order.attach()) {
            try (Trace.Task t = Trace.task("viaAttach")) {
              Thread.sleep(1);
            }
            try (Trace.Region r = Trace.region("inScope")) {
              Trace.log("step", "attached");
            }
          }
          afterScope.set(Trace.current());
          return null;
        }).get();
        Callable<Optional<Long>> currentId = () -> Trace.current().map(Trace.Task::id);
        for (Future<Optional<Long>> f : traced.invokeAll(List.of(currentId, currentId))) {
          currentInside.merge("invokeAll", f.get(), (a, b) -> a.equals(b) ? a : Optional.empty());
        }
        currentInside.put("invokeAny", traced.invokeAny(List.of(currentId)));
      }
      return null;
    });
    Optional<Long> parentId = Optional.of(parent[0]);
    assertEquals(Map.of("supplyAsync", parentId, "invokeAll", parentId, "invokeAny", parentId), currentInside);
    assertEquals(Optional.empty(), afterScope.get(), "the pool thread has no task once the scope closed");

    List<RecordedTask> roots = TraceSummary.tasks(file);
    assertEquals(1, roots.size(), "every subtask nests under placeOrder: " + roots);
    RecordedTask order = roots.get(0);
    assertEquals("placeOrder", order.name());
    assertEquals(parent[0], order.id());
    assertEquals(Thread.currentThread().getName(), order.threadName());
    Set<String> names = new TreeSet<>();
    for (RecordedTask sub : order.subtasks()) {
      names.add(sub.name());
      assertEquals(order.id(), sub.parentId(), sub.toString());
      assertNotEquals(order.threadId(), sub.threadId(), sub.toString());
      assertTrue(sub.threadName().startsWith("worker-"), sub.toString());
    }
    assertEquals(Set.of("viaWrap", "viaContinueOn", "viaSupplyAsync", "viaAttach"), names);

    List<RecordedEvent> regions = events(file, "perfkit.TraceRegion");
    assertEquals(1, regions.size());
    assertEquals(parent[0], regions.get(0).getLong("taskId"), "a region opened in an attached scope is the task's");
    Map<String, Long> logs = new HashMap<>();
    for (RecordedEvent log : events(file, "perfkit.TraceLog")) {
      logs.put(log.getString("value"), log.getLong("taskId"));
    }
    long continued = order.subtasks().stream().filter(t -> t.name().equals("viaContinueOn")).findFirst().orElseThrow().id();
    assertEquals(Map.of("attached", parent[0], "continueOn", continued), logs);

    // each cross-thread subtask: an arrow from the parent's track to its own, by the subtask's id
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int written = ChromeTrace.write(file, out);
    JsonNode events = new ObjectMapper().readTree(out.toByteArray()).get("traceEvents");
    assertEquals(written, events.size());
    // where each task's slice begins, "tid ts", and where each flow's ends are, "tid ts cat name"
    Map<Long, String> taskAt = new HashMap<>();
    Map<Long, String> starts = new HashMap<>();
    Map<Long, String> finishes = new HashMap<>();
    for (JsonNode e : events) {
      String ph = e.get("ph").asText();
      String at = e.get("tid").asLong() + " " + e.get("ts").asText();
      if (ph.equals("X") && e.get("cat").asText().equals("task")) {
        taskAt.put(e.get("args").get("taskId").asLong(), at);
      } else if (ph.equals("s")) {
        starts.put(e.get("id").asLong(), at + " " + e.get("cat").asText() + " " + e.get("name").asText());
      } else if (ph.equals("f")) {
        assertEquals("e", e.get("bp").asText(), e.toString());
        finishes.put(e.get("id").asLong(), at + " " + e.get("cat").asText() + " " + e.get("name").asText());
      }
    }
    assertEquals(4, starts.size(), "one flow per cross-thread subtask: " + events);
    for (RecordedTask sub : order.subtasks()) {
      // from the parent's slice, where it begins, to the subtask's, where it begins
      assertEquals(taskAt.get(order.id()) + " subtask " + sub.name(), starts.get(sub.id()), sub.name());
      assertEquals(taskAt.get(sub.id()) + " subtask " + sub.name(), finishes.get(sub.id()), sub.name());
    }
    assertEquals(5 + 1 + 2 + 2 * 4, written, "tasks, the region, the logs and a flow's two ends per subtask");
  }

  @Test
  void afterAScopeCloses_thePoolThreadHasNoCurrentTask_evenWhenTheCommandThrew() throws Exception {
    ExecutorService single = pool("single", 1);
    // submit, not execute: the pool keeps its one thread when a command throws
    Executor keepsItsThread = single::submit;
    AtomicReference<String> inside = new AtomicReference<>();
    Callable<String> afterwards = () -> Thread.currentThread().getName() + " " + Trace.current();
    try (Trace.Task job = Trace.task("job")) {
      Runnable throwing = () -> {
        inside.set(Thread.currentThread().getName() + " " + Trace.current().map(Trace.Task::id).orElse(0L));
        throw new IllegalStateException("the command fails");
      };
      job.continueOn(keepsItsThread).execute(throwing);
      assertEquals("single-1 Optional.empty", single.submit(afterwards).get());
      assertEquals("single-1 " + job.id(), inside.getAndSet(null), "the command ran with the task attached");

      ExecutionException thrown = assertThrows(ExecutionException.class, () -> single.submit(Trace.wrap(throwing)).get());
      assertEquals("the command fails", thrown.getCause().getMessage());
      assertEquals("single-1 " + job.id(), inside.getAndSet(null));
      assertEquals("single-1 Optional.empty", single.submit(afterwards).get());

      Callable<Object> failing = () -> {
        inside.set(Thread.currentThread().getName() + " " + Trace.current().map(Trace.Task::id).orElse(0L));
        throw new java.io.IOException("the call fails");
      };
      assertThrows(ExecutionException.class, () -> Trace.wrap(single).submit(failing).get());
      assertEquals("single-1 " + job.id(), inside.getAndSet(null));
      assertEquals("single-1 Optional.empty", single.submit(afterwards).get());

      // and on the submitting thread itself: the task it had before is current again
      Executor direct = Runnable::run;
      assertThrows(IllegalStateException.class, () -> job.continueOn(direct).execute(throwing));
      assertSame(job, Trace.current().orElseThrow());
    }
  }

  @Test
  void scopesNest_andClosingOutOfOrderLeavesTheOthersCurrent() {
    Trace.Task a = Trace.task("a");
    Trace.Task b = Trace.task("b");
    assertEquals(a.id(), b.parentId());
    Trace.Scope aAgain = a.attach();
    assertSame(a, Trace.current().orElseThrow(), "an attached task is current");
    Trace.Scope bAgain = b.attach();
    Trace.Task c = Trace.task("c");
    assertEquals(b.id(), c.parentId(), "a task opened in a scope is the attached task's subtask");
    c.close();
    aAgain.close();  // out of order: b's scope stays innermost
    assertSame(b, Trace.current().orElseThrow());
    bAgain.close();
    assertSame(b, Trace.current().orElseThrow(), "b is still open where it was opened");
    aAgain.close();  // again: nothing
    bAgain.close();
    assertSame(b, Trace.current().orElseThrow());
    b.close();
    assertSame(a, Trace.current().orElseThrow());
    a.close();
    assertEquals(Optional.empty(), Trace.current());
  }

  @Test
  void aScopeClosedOnAnotherThread_failsAndStaysAttached() throws Exception {
    ExecutorService other = pool("other", 1);
    try (Trace.Task t = Trace.task("t")) {
      Trace.Scope scope = t.attach();
      Future<?> closing = other.submit(scope::close);
      ExecutionException thrown = assertThrows(ExecutionException.class, closing::get);
      assertTrue(thrown.getCause() instanceof IllegalStateException, thrown.toString());
      assertTrue(thrown.getCause().getMessage().contains("close it on the thread that attached it"), thrown.getCause().getMessage());
      scope.close();
      assertSame(t, Trace.current().orElseThrow());
    }
  }

  @Test
  void wrappingWithNoTaskCurrent_runsTheWorkAsItIs() throws Exception {
    Runnable r = () -> {};
    Callable<String> c = () -> "x";
    assertSame(r, Trace.wrap(r));
    assertSame(c, Trace.wrap(c));
    ExecutorService single = pool("plain", 1);
    ExecutorService traced = Trace.wrap(single);
    assertSame(traced, Trace.wrap(traced), "wrapping twice is wrapping once");
    assertEquals(Optional.empty(), traced.submit(Trace::current).get());
    try (Trace.Task t = Trace.task("t")) {
      assertFalse(r == Trace.wrap(r), "with a task current, the runnable is bound to it");
      assertEquals(Optional.of(t.id()), traced.submit(() -> Trace.current().map(Trace.Task::id)).get());
    }
  }

  @Test
  void theWrappedServiceShutsDownTheServiceItWraps() throws Exception {
    ExecutorService single = pool("lifecycle", 1);
    ExecutorService traced = Trace.wrap(single);
    assertFalse(traced.isShutdown());
    traced.shutdown();
    assertTrue(single.isShutdown());
    assertTrue(traced.awaitTermination(10, TimeUnit.SECONDS));
    assertTrue(single.isTerminated() && traced.isTerminated());
  }

  /** A JDK 21+ child JVM runs subtasks on virtual threads through {@code Trace.wrap}. */
  @Test
  void subtasksOnVirtualThreads_nestUnderTheirParent() throws Exception {
    Process child = new ProcessBuilder(NewerJdk.java21().toString(), "-cp", System.getProperty("java.class.path"),
        VirtualThreadsChild.class.getName(), dir.resolve("virtual.jfr").toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ends");
    assertEquals(0, child.exitValue(), out);
    assertTrue(out.contains("ran on virtual threads: 4 of 4"), out);
    Matcher parent = Pattern.compile("(?m)^parent id=(\\d+) thread=(\\d+)$").matcher(out);
    assertTrue(parent.find(), out);
    Matcher sub = Pattern.compile("(?m)^  subtask parent=(\\d+) thread=(\\d+)$").matcher(out);
    int subtasks = 0;
    while (sub.find()) {
      subtasks++;
      assertEquals(parent.group(1), sub.group(1), out);
      assertNotEquals(parent.group(2), sub.group(2), out);
    }
    assertEquals(4, subtasks, out);
  }
}
