package io.perfkit.profiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real IO recording of a thread that reads files, a slow named pipe and a slow loopback
 * socket with known byte counts; the report must give back those paths, that host and port, and
 * those bytes.
 */
final class IoReportTest {

  private static final int PIPE_CHUNK = 1000;
  private static final int PIPE_CHUNKS = 3;
  private static final int SOCKET_CHUNK = 1500;
  private static final int SOCKET_CHUNKS = 4;
  private static final int REQUEST_BYTES = 200;
  private static final int SMALL_FILE_BYTES = 12_345;

  @TempDir static Path dir;
  private static Path recording;
  private static Path pipe;
  private static Path[] smallFiles;
  private static int port;
  private static long readerThread;
  private static Instant readerStart;
  private static Instant readerEnd;

  @BeforeAll
  static void record() throws Exception {
    pipe = dir.resolve("slow.pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo " + pipe);
    smallFiles = new Path[5];
    for (int i = 0; i < smallFiles.length; i++) {
      smallFiles[i] = dir.resolve("data-" + i + ".bin");
      Files.write(smallFiles[i], new byte[SMALL_FILE_BYTES * (i + 1)]);
    }
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Profiler profiler = Profiler.builder().workDir(dir).thresholds(Duration.ofMillis(1), Duration.ZERO).build()) {
      port = server.getLocalPort();
      Thread slowServer = new Thread(() -> serveSlowly(server), "slow-server");
      slowServer.start();
      Thread pipeWriter = new Thread(IoReportTest::writePipeSlowly, "pipe-writer");
      pipeWriter.start();
      CompletableFuture<CaptureResult> capture = profiler.capture(ProfileType.IO, Duration.ofSeconds(3), Labels.empty());
      Thread.sleep(300);  // the recording has started
      Thread reader = new Thread(IoReportTest::readEverything, "io-reader");
      reader.start();
      reader.join(20_000);
      slowServer.join(20_000);
      pipeWriter.join(20_000);
      readerThread = reader.getId();
      recording = capture.get(30, TimeUnit.SECONDS).file();
    }
  }

  @AfterAll
  static void clean() throws IOException {
    Files.deleteIfExists(pipe);
  }

  private static void writePipeSlowly() {
    try (OutputStream out = Files.newOutputStream(pipe)) {
      for (int i = 0; i < PIPE_CHUNKS; i++) {
        Thread.sleep(40);
        out.write(new byte[PIPE_CHUNK]);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void serveSlowly(ServerSocket server) {
    try (Socket s = server.accept()) {
      s.getInputStream().readNBytes(REQUEST_BYTES);
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < SOCKET_CHUNKS; i++) {
        Thread.sleep(40);
        out.write(new byte[SOCKET_CHUNK]);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void readEverything() {
    readerStart = Instant.now();
    try {
      for (Path p : smallFiles) {
        try (InputStream in = Files.newInputStream(p)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
      try (InputStream in = new java.io.FileInputStream(pipe.toFile())) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.getOutputStream().write(new byte[REQUEST_BYTES]);
        s.getOutputStream().flush();
        s.getInputStream().transferTo(OutputStream.nullOutputStream());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    readerEnd = Instant.now();
  }

  private static IoReport readerReport(IoReport.Grouping grouping, int top) throws IOException {
    return IoReport.read(recording, EventSelection.onThreadDuring(readerThread, readerStart, readerEnd), grouping, top);
  }

  @Test
  void theSlowPipeAndTheSlowSocket_comeBackWithTheirNamesAndBytes() throws IOException {
    IoReport r = readerReport(IoReport.Grouping.FILE, 10);

    IoReport.Target p = r.target(IoReport.Kind.FILE, pipe.toString()).orElseThrow(() -> new AssertionError(r.text()));
    assertEquals((long) PIPE_CHUNK * PIPE_CHUNKS, p.readBytes(), r.text());
    assertEquals(0, p.writtenBytes());
    assertTrue(p.readTime().toMillis() >= 80, "three 40 ms waits: " + p);
    assertEquals("io.perfkit.profiler.analysis.IoReportTest.readEverything", p.site(), r.text());

    IoReport.Target s = r.sockets().stream().filter(t -> t.name().endsWith(":" + port)).findFirst()
        .orElseThrow(() -> new AssertionError(r.text()));
    assertEquals((long) SOCKET_CHUNK * SOCKET_CHUNKS, s.readBytes(), r.text());
    assertEquals(REQUEST_BYTES, s.writtenBytes(), r.text());
    assertTrue(s.name().startsWith("localhost:") || s.name().startsWith("127.0.0.1:"), s.name());
    assertTrue(s.readTime().toMillis() >= 120, "four 40 ms waits: " + s);
    assertEquals(1, r.sockets().size(), "only the reader's socket: " + r.text());

    for (int i = 0; i < smallFiles.length; i++) {
      Path f = smallFiles[i];
      IoReport.Target t = r.target(IoReport.Kind.FILE, f.toString()).orElseThrow(() -> new AssertionError(f + "\n" + r.text()));
      assertEquals((long) SMALL_FILE_BYTES * (i + 1), t.readBytes(), f.toString());
    }
    assertEquals(Duration.ZERO, r.threshold().orElseThrow(), "the capture kept every wait");
    assertTrue(r.top().orElseThrow().kind() == IoReport.Kind.SOCKET, "the socket waited longest: " + r.text());
    assertTrue(r.text().contains(pipe.toString()) && r.text().contains(":" + port), r.text());
  }

  @Test
  void onOneThread_theOtherThreadsWaitsAreLeftOut_andWholeRecordingHasThem() throws IOException {
    IoReport mine = readerReport(IoReport.Grouping.FILE, 10);
    assertTrue(mine.files().stream().allMatch(t -> t.writtenBytes() == 0), "the pipe's writer wrote, not the reader: " + mine.text());

    IoReport all = IoReport.read(recording);
    IoReport.Target p = all.target(IoReport.Kind.FILE, pipe.toString()).orElseThrow(() -> new AssertionError(all.text()));
    assertEquals((long) PIPE_CHUNK * PIPE_CHUNKS, p.writtenBytes(), "the writer thread's writes: " + all.text());
    assertEquals(2, all.sockets().size(), "both ends of the loopback connection: " + all.text());
  }

  @Test
  void byDirectory_theFilesOfOneDirectoryAddUp() throws IOException {
    IoReport r = readerReport(IoReport.Grouping.DIRECTORY, 10);
    // the reader's own files are one row; the JDK may read its configuration on the same thread
    IoReport.Target d = r.target(IoReport.Kind.FILE, dir + java.io.File.separator).orElseThrow(() -> new AssertionError(r.text()));
    assertEquals(r.files().get(0), d, "the slow pipe's directory waited longest: " + r.text());
    long expected = (long) PIPE_CHUNK * PIPE_CHUNKS;
    for (int i = 0; i < smallFiles.length; i++) {
      expected += (long) SMALL_FILE_BYTES * (i + 1);
    }
    assertEquals(expected, d.readBytes());
  }

  @Test
  void pastTheTopN_theRestIsOneOtherRow_withEverythingInIt() throws IOException {
    IoReport full = readerReport(IoReport.Grouping.FILE, 10);
    IoReport r = readerReport(IoReport.Grouping.FILE, 2);
    assertEquals(3, r.files().size(), r.text());
    IoReport.Target other = r.files().get(2);
    assertEquals(IoReport.OTHER, other.name());
    assertEquals(full.files().size() - 2, other.targets());
    long all = full.files().stream().mapToLong(IoReport.Target::readBytes).sum();
    assertEquals(all, r.files().stream().mapToLong(IoReport.Target::readBytes).sum());
    assertEquals(full.waitTime(), r.waitTime());
    assertTrue(r.text().contains("other (" + other.targets() + " targets)"), r.text());
  }

  @Test
  void json_inBaseUnits() throws IOException {
    Map<String, Object> j = readerReport(IoReport.Grouping.FILE, 10).toJson();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sockets = (List<Map<String, Object>>) j.get("sockets");
    assertEquals((long) SOCKET_CHUNK * SOCKET_CHUNKS, sockets.get(0).get("readBytes"));
    assertTrue((double) sockets.get(0).get("readSeconds") > 0.1, sockets.toString());
    assertEquals(0.0, j.get("thresholdSeconds"));
    assertEquals(0L, j.get("unlistedWaits"));
  }

  @Test
  void badArguments_areNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IoReport.read(recording, x -> true, IoReport.Grouping.FILE, 0));
    assertTrue(e.getMessage().contains("top") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> IoReport.Grouping.parse("disk"));
    assertTrue(e.getMessage().contains("'disk'"), e.getMessage());
    assertFalse(IoReport.Grouping.parse("Directory") != IoReport.Grouping.DIRECTORY);
  }
}
