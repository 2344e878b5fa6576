package com.example.perfkit;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.IoReport;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The README's I/O example: which host and port a recording's threads waited on, and how many bytes came. Needs perf-profiler. */
public final class IoExample {

  /** What the slow backend sends. */
  public static final int RESPONSE_BYTES = 3 * 4096;

  private IoExample() {}

  /** Captures an IO profile while this thread asks a slow backend on loopback; returns the report. */
  public static IoReport run(Path dir) throws Exception {
    try (ServerSocket backend = slowBackend()) {
      // readme:io
      Profiler profiler = Profiler.builder().workDir(dir).build();
      CompletableFuture<CaptureResult> capture = profiler.capture(ProfileType.IO, Duration.ofSeconds(1), Labels.empty());
      askSlowly(backend.getLocalPort());                 // a socket that answers in three slow parts
      Path recording = capture.get(30, TimeUnit.SECONDS).file();
      IoReport io = IoReport.read(recording, e -> true, IoReport.Grouping.DIRECTORY, 10);  // files by directory
      System.out.print(io.text());                       // by file and by host:port: wait, reads, bytes, who waited
      io.top().ifPresent(t -> System.out.println("waited longest on " + t.name() + ": " + t.readBytes() + " bytes in " + t.time()));
      profiler.close();
      // end
      return io;
    }
  }

  /** A backend on loopback that sends {@link #RESPONSE_BYTES} in three parts, 50 ms apart, to one client. */
  static ServerSocket slowBackend() throws IOException {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try (Socket s = server.accept()) {
        for (int i = 0; i < 3; i++) {
          Thread.sleep(50);
          s.getOutputStream().write(new byte[RESPONSE_BYTES / 3]);
          s.getOutputStream().flush();
        }
      } catch (IOException | InterruptedException e) {
        // the example's client went away
      }
    }, "slow-backend");
    t.setDaemon(true);
    t.start();
    return server;
  }

  static void askSlowly(int port) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port); InputStream in = s.getInputStream()) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }

  public static void main(String[] args) throws Exception {
    run(Files.createTempDirectory("io"));
  }
}
