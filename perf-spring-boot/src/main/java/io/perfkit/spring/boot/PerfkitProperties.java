package io.perfkit.spring.boot;

import io.perfkit.api.Arguments;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code perfkit.*} properties. Every part is on by default and has its own {@code enabled}
 * switch; {@code perfkit.enabled=false} turns the starter off as a whole.
 */
@ConfigurationProperties(prefix = "perfkit")
public class PerfkitProperties {

  /** Created by Spring. */
  public PerfkitProperties() {}

  /** Whether Perfkit's auto-configuration applies at all. */
  private boolean enabled = true;

  /**
   * The service name on every profile and Prometheus series ({@code service} label); empty:
   * {@code spring.application.name}, or {@code application}.
   */
  private String service = "";

  private final Monitor monitor = new Monitor();
  private final Micrometer micrometer = new Micrometer();
  private final Requests requests = new Requests();
  private final Profiling profiling = new Profiling();
  private final Storage storage = new Storage();
  private final Alerts alerts = new Alerts();
  private final Server server = new Server();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getService() {
    return service;
  }

  public void setService(String service) {
    this.service = service;
  }

  public Monitor getMonitor() {
    return monitor;
  }

  public Micrometer getMicrometer() {
    return micrometer;
  }

  public Requests getRequests() {
    return requests;
  }

  public Profiling getProfiling() {
    return profiling;
  }

  public Storage getStorage() {
    return storage;
  }

  public Alerts getAlerts() {
    return alerts;
  }

  public Server getServer() {
    return server;
  }

  /** The monitor: its statistics window and the JVM's own metrics. */
  public static class Monitor {

    /** Created by Spring. */
    public Monitor() {}

    /** The window over which percentiles, rates and maxima are computed. */
    private Duration window = Duration.ofSeconds(60);

    /** Slots the window turns over in: its resolution is window / slots. */
    private int windowSlots = 6;

    /** Whether the JVM's metrics (heap, GC, threads, CPU, safepoints) and, in a container with limits, its CPU quota and memory limit are registered. */
    private boolean jvmMetrics = true;

    public Duration getWindow() {
      return window;
    }

    public void setWindow(Duration window) {
      this.window = window;
    }

    public int getWindowSlots() {
      return windowSlots;
    }

    public void setWindowSlots(int windowSlots) {
      this.windowSlots = windowSlots;
    }

    public boolean isJvmMetrics() {
      return jvmMetrics;
    }

    public void setJvmMetrics(boolean jvmMetrics) {
      this.jvmMetrics = jvmMetrics;
    }
  }

  /** Perfkit as a Micrometer registry, beside the application's other registries. */
  public static class Micrometer {

    /** Created by Spring. */
    public Micrometer() {}

    /** Whether Perfkit's MeterRegistry is a bean, so Spring's meters reach Perfkit's monitor. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The servlet filter that hands every request to the request profiler. */
  public static class Requests {

    /** Created by Spring. */
    public Requests() {}

    /**
     * Whether the filter is registered. It times requests by route into http.server.requests
     * unless the application's own (Spring's) instrumentation does, and profiles the slow ones.
     */
    private boolean enabled = true;

    /** Distinct routes with timers of their own; the rest share the route OTHER. */
    private int maxRoutes = 100;

    /** A request at least this slow may be profiled (1 in 10, at most 6 a minute). */
    private Duration slow = Duration.ofMillis(100);

    /** A request at least this slow is profiled (at most 6 a minute). */
    private Duration verySlow = Duration.ofSeconds(1);

    /**
     * Whether each request's thread CPU time is read (one read of the thread's CPU clock a
     * request, about 0.3 to 0.8 µs), so that a slow request's profile is checked against it.
     */
    private boolean threadCpuTime = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getMaxRoutes() {
      return maxRoutes;
    }

    public void setMaxRoutes(int maxRoutes) {
      this.maxRoutes = maxRoutes;
    }

    public Duration getSlow() {
      return slow;
    }

    public void setSlow(Duration slow) {
      this.slow = slow;
    }

    public Duration getVerySlow() {
      return verySlow;
    }

    public void setVerySlow(Duration verySlow) {
      this.verySlow = verySlow;
    }

    public boolean isThreadCpuTime() {
      return threadCpuTime;
    }

    public void setThreadCpuTime(boolean threadCpuTime) {
      this.threadCpuTime = threadCpuTime;
    }
  }

  /** The always-on continuous recorder and the on-demand profiler. */
  public static class Profiling {

    /** Created by Spring. */
    public Profiling() {}

    /**
     * Whether the always-on continuous recorder, the request profiler and the profiler for alert and
     * on-demand captures run.
     */
    private boolean enabled = true;

    /** How far back the always-on recording reaches. */
    private Duration maxAge = Duration.ofMinutes(2);

    /** The most disk the always-on recording may use. */
    private DataSize maxSize = DataSize.ofMegabytes(128);

    /** How long a capture for a firing alert runs. */
    private Duration alertCapture = Duration.ofSeconds(10);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getMaxAge() {
      return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
      this.maxAge = maxAge;
    }

    public DataSize getMaxSize() {
      return maxSize;
    }

    public void setMaxSize(DataSize maxSize) {
      this.maxSize = maxSize;
    }

    public Duration getAlertCapture() {
      return alertCapture;
    }

    public void setAlertCapture(Duration alertCapture) {
      this.alertCapture = alertCapture;
    }
  }

  /** Where profiles are stored. */
  public static class Storage {

    /** Created by Spring. */
    public Storage() {}

    /**
     * A storage URI: file:DIR (relative to the working directory), or
     * s3://bucket/prefix?endpoint=... with perf-storage-s3 on the class path.
     */
    private String uri = "file:./perfkit-data?maxCount=500";

    public String getUri() {
      return uri;
    }

    public void setUri(String uri) {
      this.uri = uri;
    }
  }

  /** The health rules and the profile each takes when it fires. */
  public static class Alerts {

    /** Created by Spring. */
    public Alerts() {}

    /**
     * Whether the shipped JVM health rules and every AlertRule bean are evaluated, each firing
     * rule taking the profile its labels name.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /**
   * Perfkit's endpoints (/metrics, /health, /alerts, /prometheus, /debug/...) on a port and
   * threads of their own, so they answer while the application's server is saturated.
   */
  public static class Server {

    /** Created by Spring. */
    public Server() {}

    /** Whether Perfkit's endpoints are served. */
    private boolean enabled = true;

    /** The address to bind: loopback by default; 0.0.0.0 to let a Prometheus elsewhere scrape. */
    private String address = "127.0.0.1";

    /** The port; 0 picks a free one (logged, and in the actuator's perfkit endpoint). */
    private int port = 9095;

    /** Handler threads. */
    private int threads = 4;

    /** A bearer token the /debug endpoints demand; empty: none. */
    private String debugToken = "";

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getAddress() {
      return address;
    }

    public void setAddress(String address) {
      this.address = address;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = Arguments.between("perfkit.server.port", port, 0, 65535);
    }

    public int getThreads() {
      return threads;
    }

    public void setThreads(int threads) {
      this.threads = Arguments.positive("perfkit.server.threads", threads);
    }

    public String getDebugToken() {
      return debugToken;
    }

    public void setDebugToken(String debugToken) {
      this.debugToken = debugToken;
    }
  }
}
