package io.perfkit.profiler.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TraceTest {

  @TempDir Path dir;

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
}
