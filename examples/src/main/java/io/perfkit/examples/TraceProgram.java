package io.perfkit.examples;

import io.perfkit.profiler.trace.ChromeTrace;
import io.perfkit.profiler.trace.RecordedTask;
import io.perfkit.profiler.trace.TaskSummary;
import io.perfkit.profiler.trace.Trace;
import io.perfkit.profiler.trace.TraceSummary;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;

/**
 * The seed's trace demo: tasks, subtasks and logs; three implementations compared in tasks, two
 * of them subtasks on a pool's threads, as the Go course's {@code subTask} runs on goroutines.
 */
final class TraceProgram implements ExampleProgram {

  static volatile int sink;

  @Override
  public String name() {
    return "trace";
  }

  @Override
  public String summary() {
    return "trace tasks, regions and logs; subtasks on a pool; three implementations compared; Chrome trace export";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: java -jar perf-examples.jar trace [--rounds N] [--out DIR]",
        "",
        "Records Perfkit trace tasks (the counterpart of Go's runtime/trace): a task per",
        "round with a subtask per implementation of string building (+ in a loop on the",
        "round's thread; StringBuilder and StringJoiner meanwhile on a pool's two threads,",
        "handed over with Trace.wrap), regions and logs. Prints the task summary (count,",
        "total, p50, p99), the last round's subtasks nested under it with their threads,",
        "the recording's path and a Chrome trace-event JSON file that ui.perfetto.dev or",
        "chrome://tracing opens, with an arrow from each round to its subtasks on the pool.",
        "",
        "  --rounds N   rounds of the comparison (default 20)",
        "  --out DIR    where to write the files (default: a new temporary directory)");
  }

  @Override
  @SuppressWarnings("try")  // regions are opened for their span alone
  public int run(List<String> args, PrintStream out) throws Exception {
    Args a = Args.parse(args, Set.of("--rounds", "--out"), Set.of());
    int rounds = a.integer("--rounds", 20, 1, 100_000);
    Path dir = a.flag("--out") ? Files.createDirectories(Path.of(a.string("--out", ""))) : Files.createTempDirectory("perfkit-trace");
    Path file = dir.resolve("trace.jfr");
    AtomicInteger threads = new AtomicInteger();
    // every task given to it runs as a subtask of the round that submitted it
    ExecutorService pool = Trace.wrap(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "trace-pool-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    }));
    try (Recording r = new Recording()) {
      r.enable("perfkit.TraceTask");
      r.enable("perfkit.TraceRegion");
      r.enable("perfkit.TraceLog");
      r.start();
      for (int round = 0; round < rounds; round++) {
        try (Trace.Task task = Trace.task("round")) {
          Trace.log("round", Integer.toString(round));
          CompletableFuture<Integer> built = CompletableFuture.supplyAsync(() -> {
            try (Trace.Task t = Trace.task("stringBuilder")) {
              return builder(2000).length();
            }
          }, pool);
          CompletableFuture<Integer> joined = CompletableFuture.supplyAsync(() -> {
            try (Trace.Task t = Trace.task("stringJoiner")) {
              try (Trace.Region region = Trace.region("join")) {
                return joiner(2000).length();
              }
            }
          }, pool);
          try (Trace.Task t = Trace.task("concat")) {
            sink = concat(2000).length();
          }
          sink = built.join() + joined.join();
        }
      }
      r.stop();
      r.dump(file);
    } finally {
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    out.println("task summary:");
    out.printf("  %-14s %6s %12s %12s %12s%n", "task", "count", "total ms", "p50 ms", "p99 ms");
    for (TaskSummary s : TraceSummary.of(file)) {
      out.printf(Locale.ROOT, "  %-14s %6d %12.3f %12.3f %12.3f%n", s.name(), s.count(), s.total().toNanos() / 1e6,
          s.p50().toNanos() / 1e6, s.p99().toNanos() / 1e6);
    }
    List<RecordedTask> tasks = TraceSummary.tasks(file);
    if (!tasks.isEmpty()) {
      out.println("the last round's subtasks, nested by parent id whatever their thread:");
      out.printf("  %-18s %12s  %s%n", "task", "ms", "thread");
      print(tasks.get(tasks.size() - 1), 0, out);
    }
    Path chrome = dir.resolve("trace.json");
    int events;
    try (OutputStream o = Files.newOutputStream(chrome)) {
      events = ChromeTrace.write(file, o);
    }
    out.println("recording: " + file);
    out.println("timeline:  " + chrome + " (" + events + " events; open in ui.perfetto.dev or chrome://tracing)");
    return 0;
  }

  private static void print(RecordedTask task, int depth, PrintStream out) {
    out.printf(Locale.ROOT, "  %-18s %12.3f  %s%n", "  ".repeat(depth) + task.name(), task.duration().toNanos() / 1e6,
        task.threadName());
    for (RecordedTask sub : task.subtasks()) {
      print(sub, depth + 1, out);
    }
  }

  static String concat(int n) {
    String s = "";
    for (int i = 0; i < n; i++) {
      s += i;
    }
    return s;
  }

  static String builder(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i);
    }
    return sb.toString();
  }

  static String joiner(int n) {
    StringJoiner j = new StringJoiner("");
    for (int i = 0; i < n; i++) {
      j.add(Integer.toString(i));
    }
    return j.toString();
  }
}
