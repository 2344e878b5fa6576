package io.perfkit.profiler.trigger;

import com.sun.net.httpserver.HttpServer;
import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.Workloads;
import io.perfkit.profiler.analysis.EventSelection;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.StackProfile;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.ContinuousRecorder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JVM of JDK 21 or later for {@link VirtualThreadServerTest}: an HTTP server that serves each
 * request on a virtual thread of its own, with the request profiler's filter; one slow request
 * spins in a uniquely named method beside a busy platform thread. Prints the slow request's
 * labels and its profile's top methods.
 */
public final class VirtualThreadServerChild {

  private VirtualThreadServerChild() {}

  public static void main(String[] args) throws Exception {
    List<CaptureResult> got = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    server.setExecutor(virtual);
    Thread bystander = Workloads.background("bystander", () -> Workloads.otherBusyMethod(3000));
    try (ContinuousRecorder fr = ContinuousRecorder.builder(Files.createTempDirectory("vt-server"))
            .maxAge(Duration.ofMinutes(1)).maxSize(32L << 20).build().start();
        RequestProfiler rp = RequestProfiler.builder(fr, got::add).threadCpuTime(true)
            .thresholds(Duration.ofMillis(100), Duration.ofSeconds(5))
            .slowTrigger(ProfileTrigger.builder("slow").sampleRate(1.0).build()).build()) {
      server.createContext("/slow", ex -> {
        System.out.println("virtual=" + Thread.currentThread().toString().startsWith("VirtualThread"));
        Workloads.spinInUniquelyNamedHotMethod(800);
        ex.sendResponseHeaders(200, -1);
        ex.close();
      }).getFilters().add(rp.filter());
      server.start();
      HttpClient client = HttpClient.newHttpClient();
      client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow")).build(),
          HttpResponse.BodyHandlers.discarding());
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (rp.requests() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      rp.close(Duration.ofSeconds(30));
    } finally {
      server.stop(0);
      virtual.shutdown();
      bystander.join();
    }
    System.out.println("profiles=" + got.size());
    CaptureResult cpu = got.get(0);
    Labels l = cpu.metadata().labels();
    System.out.println("labels=" + l);
    StackProfile request = StackProfile.read(cpu.file(), ProfileType.CPU, EventSelection.requestFilter(l));
    System.out.println("samples=" + request.events());
    List<MethodStat> top = request.topSelf(3);
    for (MethodStat m : top) {
      System.out.println("top=" + m.method() + " " + Math.round(m.selfPercent()));
    }
    request.coverage().ifPresent(c -> System.out.println("coverage=" + c));
  }
}
