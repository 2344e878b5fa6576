package com.example.perfkit;

import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.http.HttpEndpointServer;
import io.perfkit.http.Response;
import io.perfkit.http.Routes;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.http.MonitorHttp;
import io.perfkit.monitor.http.ServerLoadMetrics;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.http.DebugHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;

/**
 * The README's perf-http example: the application's routes and Perfkit's endpoints, each on a
 * server of its own. Needs perf-monitor (which brings perf-http), perf-profiler and
 * perf-storage-file.
 */
public final class EndpointsExample {

  private EndpointsExample() {}

  /** Runs the example; returns the body of the application's own route. */
  public static String run(Monitor monitor, AlertManager alerts, Profiler profiler, ProfileStorage storage) throws Exception {
    // readme:endpoints
    HttpEndpointServer app = HttpEndpointServer.builder().name("app").loopbackPort(0).handlerThreads(8).build();
    Routes.create()
        .get("/orders/{id}", request -> Response.json(200, Map.of("id", request.pathParam("id"))))
        .mount(app.server());                                             // your own routes, the same rules
    HttpEndpointServer management = HttpEndpointServer.builder().name("management").loopbackPort(0)
        .handlerThreads(2).build();                                       // threads the application never holds
    MonitorHttp.builder(monitor).alerts(alerts).build().mount(management.server());             // /metrics /health /alerts /prometheus
    DebugHttp debug = DebugHttp.builder(profiler, storage).maxCaptureSeconds(120).build();
    debug.mount(management.server());                                     // /debug/...
    ServerLoadMetrics.register(monitor, "app", app);                      // busy handlers and waiting requests
    alerts.addRule(ServerLoadMetrics.saturationRule("app"));
    management.start();
    app.start();
    HttpResponse<String> order = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(app.url() + "orders/42")).build(), HttpResponse.BodyHandlers.ofString());
    System.out.println(order.body());                                     // {"id":"42"}
    debug.close();
    app.close();
    management.close();
    // end
    return order.body();
  }

  public static void main(String[] args) throws Exception {
    try (Monitor monitor = Monitor.builder().build();
        AlertManager alerts = AlertManager.builder().build().attach(monitor);
        Profiler profiler = Profiler.builder().build();
        ProfileStorage storage = ProfileStorages.open("file:" + Files.createTempDirectory("profiles"))) {
      run(monitor, alerts, profiler, storage);
    }
  }
}
