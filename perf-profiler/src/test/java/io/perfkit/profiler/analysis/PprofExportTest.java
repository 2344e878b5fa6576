package io.perfkit.profiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pprof export of a recording, read back field by field and checked against the recording. */
final class PprofExportTest {

  private static final long PERIOD_NANOS = 10_000_000L;

  @TempDir static Path dir;
  static Path recording;

  @BeforeAll
  static void record() throws Exception {
    recording = PprofWorkload.record(dir.resolve("workload.jfr"), true);
  }

  private static PprofFile export(Path jfr, ProfileType type, Predicate<RecordedEvent> filter) throws IOException {
    Path out = Files.createTempFile(dir, type.wireName(), ".pb.gz");
    try (OutputStream o = Files.newOutputStream(out)) {
      PprofExport.write(jfr, type, filter, o);
    }
    return PprofFile.read(out);
  }

  /** The recording's events of these kinds that have a stack and a thread, as JFR gives them. */
  private static List<RecordedEvent> events(Path jfr, Set<String> kinds) throws IOException {
    List<RecordedEvent> out = new ArrayList<>();
    try (RecordingFile rf = new RecordingFile(jfr)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (kinds.contains(e.getEventType().getName()) && e.getStackTrace() != null
            && !e.getStackTrace().getFrames().isEmpty() && EventSelection.eventThread(e) != null) {
          out.add(e);
        }
      }
    }
    return out;
  }

  @Test
  void cpu_countsSamples_andCpuTimeAsSamplesTimesTheRecordedPeriod() throws Exception {
    PprofFile p = export(recording, ProfileType.CPU, e -> true);
    assertEquals(List.of("samples/count", "cpu/nanoseconds"), p.sampleTypes());
    assertEquals("cpu/nanoseconds", p.periodType());
    assertEquals(PERIOD_NANOS, p.period());
    for (PprofFile.Sample s : p.samples()) {
      assertEquals(s.values().get(0) * PERIOD_NANOS, s.values().get(1), s.toString());
    }
    long jfrSamples = events(recording, Set.of(EventSelection.EXECUTION_SAMPLE)).size();
    assertTrue(jfrSamples > 0, "the workload burned CPU on two threads");
    assertEquals(jfrSamples, p.total("samples"), "every execution sample, once");
  }

  @Test
  void cpu_withoutThePeriodInTheRecording_hasSampleCountsOnly() throws Exception {
    Path jfr = dir.resolve("no-settings.jfr");
    try (Recording r = new Recording()) {
      r.enable(EventSelection.EXECUTION_SAMPLE).withPeriod(Duration.ofMillis(10));
      r.start();
      PprofWorkload.pprofBetaBurn(200);
      r.stop();
      r.dump(jfr);
    }
    PprofFile p = export(jfr, ProfileType.CPU, e -> true);
    assertEquals(List.of("samples/count"), p.sampleTypes(), "no period recorded, so no CPU time made up");
    assertEquals(null, p.periodType());
    assertEquals(events(jfr, Set.of(EventSelection.EXECUTION_SAMPLE)).size(), p.total("samples"));
  }

  @Test
  void allocation_isBytesWeightedBySampleWeight_onTheUnnamedThreadAsHashAndId() throws Exception {
    PprofFile p = export(recording, ProfileType.ALLOCATION, e -> true);
    assertEquals(List.of("alloc_space/bytes"), p.sampleTypes(), "JFR's allocation samples count no objects");
    long weights = events(recording, EventSelection.eventKinds(ProfileType.ALLOCATION)).stream()
        .mapToLong(e -> e.getLong("weight")).sum();
    assertTrue(weights > 0, "the unnamed thread allocated for 200 ms");
    assertEquals(weights, p.total("alloc_space"));
    long id = PprofWorkload.unnamedThreadId;
    PprofFile.Sample unnamed = p.samples().stream().filter(s -> ("#" + id).equals(s.str().get("thread"))).findFirst()
        .orElseThrow(() -> new AssertionError("no sample labelled thread=#" + id + ": " + p.samples()));
    assertEquals(id, unnamed.num().get("thread_id"));
  }

  @Test
  void lock_countsContentionsAndTheirDelay() throws Exception {
    PprofFile p = export(recording, ProfileType.LOCK, e -> true);
    assertEquals(List.of("contentions/count", "delay/nanoseconds"), p.sampleTypes());
    List<RecordedEvent> jfr = events(recording, EventSelection.eventKinds(ProfileType.LOCK));
    assertEquals(jfr.size(), p.total("contentions"));
    assertEquals(jfr.stream().mapToLong(e -> Math.max(1, e.getDuration().toNanos())).sum(), p.total("delay"));
    long waited = p.samples().stream().filter(s -> PprofWorkload.LOCK_WAITER.equals(s.str().get("thread")))
        .mapToLong(s -> s.values().get(1)).sum();
    assertTrue(waited >= Duration.ofMillis(100).toNanos(), "the waiter waited for the holder's 200 ms sleep: " + waited);
  }

  @Test
  void io_countsEventsAndTheirDelay() throws Exception {
    PprofFile p = export(recording, ProfileType.IO, e -> true);
    assertEquals(List.of("events/count", "delay/nanoseconds"), p.sampleTypes());
    List<RecordedEvent> jfr = events(recording, EventSelection.eventKinds(ProfileType.IO));
    assertEquals(jfr.size(), p.total("events"));
    assertEquals(jfr.stream().mapToLong(e -> Math.max(1, e.getDuration().toNanos())).sum(), p.total("delay"));
    assertTrue(p.samples().stream().anyMatch(s -> PprofWorkload.LOCK_HOLDER.equals(s.str().get("thread"))
        && s.values().get(1) >= Duration.ofMillis(200).toNanos()), "the holder's sleep: " + p.samples());
  }

  @Test
  void heap_isInuseObjectsAndSpace_withInuseSpaceTheDefault() throws Exception {
    PprofFile p = export(recording, ProfileType.HEAP, e -> true);
    assertEquals(List.of("inuse_objects/count", "inuse_space/bytes"), p.sampleTypes());
    assertEquals("inuse_space", p.defaultSampleType());
    assertEquals(events(recording, EventSelection.eventKinds(ProfileType.HEAP)).size(), p.total("inuse_objects"));
  }

  @Test
  void locations_carryJfrsLineNumbers_oneLocationPerMethodAndLine() throws Exception {
    PprofFile p = export(recording, ProfileType.CPU, e -> true);
    Set<List<Long>> distinct = new HashSet<>();
    for (List<PprofFile.Line> lines : p.locations().values()) {
      assertEquals(1, lines.size(), "one frame per location: " + lines);
      assertTrue(distinct.add(List.of(lines.get(0).functionId(), lines.get(0).line())), "a second location for " + lines);
    }
    Set<Long> jfrLines = new TreeSet<>();
    for (RecordedEvent e : events(recording, Set.of(EventSelection.EXECUTION_SAMPLE))) {
      for (RecordedFrame f : e.getStackTrace().getFrames()) {
        if (FrameNames.methodName(f).equals(PprofWorkload.ALPHA_METHOD)) {
          jfrLines.add((long) Math.max(0, f.getLineNumber()));
        }
      }
    }
    long alphaId = p.functions().entrySet().stream().filter(f -> f.getValue().name().equals(PprofWorkload.ALPHA_METHOD))
        .findFirst().orElseThrow(() -> new AssertionError("no function " + PprofWorkload.ALPHA_METHOD)).getKey();
    Set<Long> exported = new TreeSet<>();
    p.locations().values().stream().map(l -> l.get(0)).filter(l -> l.functionId() == alphaId).forEach(l -> exported.add(l.line()));
    assertEquals(jfrLines, exported, "the lines JFR gave for " + PprofWorkload.ALPHA_METHOD);
    int first = PprofWorkload.alphaFirstLine;
    assertTrue(exported.stream().allMatch(l -> l >= first && l <= first + 9), "lines of the method's body, from " + first
        + ": " + exported);
    PprofFile.Function alpha = p.functions().get(alphaId);
    assertEquals("io/perfkit/profiler/analysis/PprofWorkload.java", alpha.filename());
    assertEquals(0, alpha.startLine(), "JFR records no start line");
    // a lambda's or nested class's frames name the file of the class they are nested in
    assertTrue(p.functions().values().stream().filter(f -> f.name().startsWith(PprofWorkload.class.getName() + "$"))
        .allMatch(f -> f.filename().equals("io/perfkit/profiler/analysis/PprofWorkload.java")), p.functions().toString());
  }

  @Test
  void sourceFile_isTheTopLevelClassesFile_andNoneForNativeFramesAndArrays() {
    assertEquals("com/acme/Foo.java", PprofExport.sourceFile("com.acme.Foo$Inner", false));
    assertEquals("com/acme/Foo.java", PprofExport.sourceFile("com.acme.Foo$$Lambda$572+0x00007f9900101e98.1724457619", false));
    assertEquals("com/acme/Foo.java", PprofExport.sourceFile("com.acme.Foo$Inner.run", true));
    assertEquals("com/sun/proxy/$Proxy12.java", PprofExport.sourceFile("com.sun.proxy.$Proxy12", false));
    assertEquals("Main.java", PprofExport.sourceFile("Main", false));
    assertEquals("", PprofExport.sourceFile("[I", false));
    assertEquals("", PprofExport.sourceFile(FrameNames.NATIVE + "memcpy", true));
  }

  @Test
  void identicalStacksWithIdenticalLabels_areOneSample() throws Exception {
    PprofFile p = export(recording, ProfileType.CPU, e -> true);
    Set<List<Object>> keys = new HashSet<>();
    for (PprofFile.Sample s : p.samples()) {
      assertTrue(keys.add(List.of(s.locationIds(), s.str(), s.num())), "a second sample of " + s);
    }
    assertTrue(p.samples().stream().anyMatch(s -> s.values().get(0) > 1), "a hot loop's stack recurs: " + p.samples());
  }

  @Test
  void samplesOnTheRequestsThreadDuringIt_carryItsTraceAndSpan_andNoOthersDo() throws Exception {
    PprofFile p = export(recording, ProfileType.CPU, e -> true);
    long traced = 0;
    for (PprofFile.Sample s : p.samples()) {
      List<String> names = p.names(s);
      Map<String, String> labels = s.str();
      if (names.get(0).equals(PprofWorkload.ALPHA_METHOD)) {
        assertEquals(PprofWorkload.TRACE_ID, labels.get("trace_id"), s.toString());
        assertEquals(PprofWorkload.SPAN_ID, labels.get("span_id"), s.toString());
        traced += s.values().get(0);
      } else if (names.contains(PprofWorkload.GAMMA_METHOD) || names.contains(PprofWorkload.BETA_METHOD)) {
        assertFalse(labels.containsKey("trace_id"), "outside the request: " + s);
      }
      if (labels.containsKey("trace_id")) {
        assertEquals(PprofWorkload.ALPHA, labels.get("thread"), s.toString());
      }
    }
    assertTrue(traced > 0, "the request burned 400 ms of CPU");
  }

  @Test
  void aWindowOnOneThread_isTheProfilesSpan_andItsOnlyThread() throws Exception {
    long alphaId = 0;
    Instant from = Instant.MAX;
    Instant to = Instant.MIN;
    for (RecordedEvent e : events(recording, Set.of(EventSelection.EXECUTION_SAMPLE))) {
      if (PprofWorkload.ALPHA.equals(EventSelection.eventThread(e).getJavaName())) {
        alphaId = EventSelection.eventThread(e).getJavaThreadId();
        from = e.getStartTime().isBefore(from) ? e.getStartTime() : from;
        to = e.getStartTime().isAfter(to) ? e.getStartTime() : to;
      }
    }
    PprofFile p = export(recording, ProfileType.CPU, EventSelection.onThreadDuring(alphaId, from, to));
    assertEquals(from.getEpochSecond() * 1_000_000_000L + from.getNano(), p.timeNanos());
    assertEquals(Duration.between(from, to).toNanos(), p.durationNanos());
    assertFalse(p.samples().isEmpty());
    assertTrue(p.samples().stream().allMatch(s -> PprofWorkload.ALPHA.equals(s.str().get("thread"))
        && s.num().get("thread_id") != null), p.samples().toString());
  }

  @Test
  void aThreadDump_isRefused_namingTheType() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PprofExport.write(recording, ProfileType.THREAD_DUMP, OutputStream.nullOutputStream()));
    assertTrue(e.getMessage().contains("thread_dump"), e.getMessage());
  }

  @Test
  void aStackProfile_isStillOneLocationPerMethod_withoutLabels() throws Exception {
    StackProfile sp = StackProfile.read(recording, ProfileType.LOCK);
    Path out = dir.resolve("stack-profile.pb.gz");
    try (OutputStream o = Files.newOutputStream(out)) {
      PprofExport.write(sp, 0, 1, 2, o);
    }
    PprofFile p = PprofFile.read(out);
    assertEquals(List.of("delay/nanoseconds"), p.sampleTypes());
    assertEquals(sp.totalWeight(), p.total("delay"));
    assertEquals(p.functions().size(), p.locations().size());
    assertTrue(p.samples().stream().allMatch(s -> s.str().isEmpty() && s.num().isEmpty()));
    assertEquals(1, p.timeNanos());
    assertEquals(2, p.durationNanos());
  }

  @Test
  void aCpuStackProfile_isTimeOnlyWithItsPeriod() throws Exception {
    StackProfile sp = StackProfile.read(recording, ProfileType.CPU);
    assertEquals(10_000_000L, sp.periodNanos(), "the period the recording set");
    Path timed = dir.resolve("cpu-timed.pb.gz");
    try (OutputStream o = Files.newOutputStream(timed)) {
      PprofExport.write(sp, sp.periodNanos(), 1, 2, o);
    }
    PprofFile t = PprofFile.read(timed);
    assertEquals(List.of("samples/count", "cpu/nanoseconds"), t.sampleTypes());
    assertEquals(sp.totalWeight() * 10_000_000L, t.total("cpu"));
    Path counted = dir.resolve("cpu-counted.pb.gz");
    try (OutputStream o = Files.newOutputStream(counted)) {
      PprofExport.write(sp, 0, 1, 2, o);
    }
    PprofFile c = PprofFile.read(counted);
    assertEquals(List.of("samples/count"), c.sampleTypes(), "no period, no time");
    assertEquals(sp.totalWeight(), c.total("samples"));
  }
}
