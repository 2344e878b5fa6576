package io.perfkit.profiler.internal;

import io.perfkit.api.storage.ProfileType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * The JFR event settings behind each profile type. Recordings running at once merge their
 * settings to the most verbose (the shortest period, the lowest threshold), so an on-demand
 * capture also raises what the always-on recording collects while it runs; analysis therefore
 * counts samples of one kind only and never assumes a sampling period.
 */
public final class JfrSettings {

  /** JDK 25+ on Linux: CPU-time sampling, which also sees threads running native code. */
  public static final String CPU_TIME_SAMPLE = "jdk.CPUTimeSample";

  /** Threads in native code, sampled apart from the execution sampler before JDK 25. */
  public static final String NATIVE_SAMPLE = "jdk.NativeMethodSample";

  /** CPU-time samples the JVM could not take (JDK 25+). */
  public static final String CPU_TIME_SAMPLES_LOST = "jdk.CPUTimeSamplesLost";

  private JfrSettings() {}

  /** JDK 21+: a virtual thread that blocked while pinned to its carrier. */
  public static final String VIRTUAL_THREAD_PINNED = "jdk.VirtualThreadPinned";

  /** JDK 21+: a virtual thread the scheduler could not start. */
  public static final String VIRTUAL_THREAD_SUBMIT_FAILED = "jdk.VirtualThreadSubmitFailed";

  /** True when the running JVM has {@code jdk.CPUTimeSample}. */
  public static boolean hasCpuTimeSampling() {
    return hasEvent(CPU_TIME_SAMPLE);
  }

  private static boolean hasEvent(String name) {
    for (EventType t : FlightRecorder.getFlightRecorder().getEventTypes()) {
      if (t.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Virtual threads pinned to their carrier for longer than 20 ms (JFR's own default threshold),
   * with the stack that says where, and virtual threads that failed to start: in every recording
   * of a JVM that has them (JDK 21+), a few events at most where nothing pins.
   */
  private static Map<String, String> virtualThreads() {
    Map<String, String> s = new LinkedHashMap<>();
    if (hasEvent(VIRTUAL_THREAD_PINNED)) {
      s.put(VIRTUAL_THREAD_PINNED + "#enabled", "true");
      s.put(VIRTUAL_THREAD_PINNED + "#threshold", "20 ms");
      s.put(VIRTUAL_THREAD_PINNED + "#stackTrace", "true");
    }
    if (hasEvent(VIRTUAL_THREAD_SUBMIT_FAILED)) {
      s.put(VIRTUAL_THREAD_SUBMIT_FAILED + "#enabled", "true");
      s.put(VIRTUAL_THREAD_SUBMIT_FAILED + "#stackTrace", "true");
    }
    return s;
  }

  /**
   * Tunables for the settings.
   *
   * @param heapPathCutoff how long, at the end of a HEAP recording, the JVM may search for each
   *     old object's path to a GC root; zero records no paths (the search walks the heap, so it
   *     is off unless asked for)
   */
  public record Tuning(Duration cpuPeriod, String allocationThrottle, Duration lockThreshold, Duration ioThreshold,
      Duration heapPathCutoff) {
    public static final Tuning ON_DEMAND =
        new Tuning(Duration.ofMillis(10), "1000/s", Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO);
    public static final Tuning ALWAYS_ON =
        new Tuning(Duration.ofMillis(10), "150/s", Duration.ofMillis(10), Duration.ofMillis(10), Duration.ZERO);
  }

  /**
   * Allocations outside TLABs, for humongous objects and their sites: on explicit ALLOCATION
   * and HEAP captures only, since a service allocating many large arrays emits one per array.
   */
  private static Map<String, String> largeAllocations() {
    return Map.of("jdk.ObjectAllocationOutsideTLAB#enabled", "true", "jdk.ObjectAllocationOutsideTLAB#stackTrace", "true");
  }

  /**
   * The collector's own events, which ride along in every recording so that any capture, the
   * flight recorder's snapshots and stored profiles all have a GC report: a few events per
   * collection and per safepoint. (G1's region type changes, thousands a second, are left out;
   * humongous objects are found from allocation samples and collection causes instead.)
   */
  public static Map<String, String> gc() {
    Map<String, String> s = new LinkedHashMap<>();
    for (String e : new String[] {"jdk.GarbageCollection", "jdk.GCPhasePause", "jdk.GCHeapSummary", "jdk.G1HeapSummary",
        "jdk.SafepointBegin", "jdk.SafepointEnd"}) {
      s.put(e + "#enabled", "true");
      s.put(e + "#threshold", "0 ms");
    }
    s.put("jdk.GCConfiguration#enabled", "true");
    s.put("jdk.GCConfiguration#period", "beginChunk");
    s.put("jdk.GCHeapConfiguration#enabled", "true");
    s.put("jdk.GCHeapConfiguration#period", "beginChunk");
    // the container's limits, against which the heap is judged (only in a container, per chunk)
    s.put("jdk.ContainerConfiguration#enabled", "true");
    s.put("jdk.ContainerConfiguration#period", "beginChunk");
    return s;
  }

  /** The settings for one type. */
  public static Map<String, String> forType(ProfileType type, Tuning t) {
    Map<String, String> s = new LinkedHashMap<>();
    switch (type) {
      case CPU:
        s.put("jdk.ExecutionSample#enabled", "true");
        s.put("jdk.ExecutionSample#period", millis(t.cpuPeriod()));
        if (hasCpuTimeSampling()) {
          s.put(CPU_TIME_SAMPLE + "#enabled", "true");
          s.put(CPU_TIME_SAMPLE + "#throttle", millis(t.cpuPeriod()));
          s.put(CPU_TIME_SAMPLES_LOST + "#enabled", "true");
        } else {
          // threads in native code, which the execution sampler skips: the correction's fallback
          s.put(NATIVE_SAMPLE + "#enabled", "true");
          s.put(NATIVE_SAMPLE + "#period", millis(t.cpuPeriod()));
        }
        // each thread's CPU time, what the samples are checked and corrected against
        if (ThreadCpuReadings.install()) {
          s.put(ThreadCpuEvent.NAME + "#enabled", "true");
          s.put(ThreadCpuEvent.NAME + "#period", "1 s");
        }
        break;
      case ALLOCATION:
        s.put("jdk.ObjectAllocationSample#enabled", "true");
        s.put("jdk.ObjectAllocationSample#throttle", t.allocationThrottle());
        s.put("jdk.ObjectAllocationSample#stackTrace", "true");
        s.putAll(largeAllocations());
        break;
      case LOCK:
        for (String e : new String[] {"jdk.JavaMonitorEnter", "jdk.JavaMonitorWait", "jdk.ThreadPark"}) {
          s.put(e + "#enabled", "true");
          s.put(e + "#threshold", millis(t.lockThreshold()));
          s.put(e + "#stackTrace", "true");
        }
        break;
      case IO:
        for (String e : new String[] {"jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite", "jdk.ThreadSleep"}) {
          s.put(e + "#enabled", "true");
          s.put(e + "#threshold", millis(t.ioThreshold()));
          s.put(e + "#stackTrace", "true");
        }
        break;
      case HEAP:
        s.put("jdk.OldObjectSample#enabled", "true");
        s.put("jdk.OldObjectSample#cutoff", t.heapPathCutoff().isZero() ? "0 ns" : millis(t.heapPathCutoff()));
        s.put("jdk.OldObjectSample#stackTrace", "true");
        s.putAll(largeAllocations());
        s.put("jdk.ObjectCount#enabled", "true");
        s.put("jdk.ObjectCount#period", "everyChunk");
        break;
      default:
        break;
    }
    s.putAll(gc());
    s.putAll(virtualThreads());
    // the settings in force (a CPU profile reads the sampling period back, an I/O report the
    // threshold): a few events when a recording starts
    s.put("jdk.ActiveSetting#enabled", "true");
    // Perfkit's own events ride along in every recording.
    s.put("perfkit.Request#enabled", "true");
    s.put("perfkit.TraceTask#enabled", "true");
    s.put("perfkit.TraceRegion#enabled", "true");
    s.put("perfkit.TraceLog#enabled", "true");
    return s;
  }

  /** The always-on recording: every type at low overhead, no class histogram (it forces a GC). */
  public static Map<String, String> alwaysOn(Tuning t) {
    Map<String, String> s = new LinkedHashMap<>();
    for (ProfileType type : new ProfileType[] {ProfileType.CPU, ProfileType.ALLOCATION, ProfileType.LOCK, ProfileType.IO}) {
      s.putAll(forType(type, t));
    }
    s.keySet().removeAll(largeAllocations().keySet());  // too many events to keep on all the time
    s.put("jdk.OldObjectSample#enabled", "true");
    s.put("jdk.OldObjectSample#cutoff", "0 ns");
    s.put("jdk.OldObjectSample#stackTrace", "true");
    return s;
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }
}
