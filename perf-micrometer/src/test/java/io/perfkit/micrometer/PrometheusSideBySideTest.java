package io.perfkit.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.http.PrometheusFormat;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same meters, recorded the same way, in Micrometer's own Prometheus registry and in the
 * bridge: {@code /prometheus} has the same families, of the same types, with the same series
 * (names and label sets), and the same values where both are exact.
 */
final class PrometheusSideBySideTest {

  private final MockClock clock = new MockClock();
  private final Monitor monitor = Monitor.builder().timeSource(PerfkitMeterRegistry.timeSource(clock)).build();
  private final PerfkitMeterRegistry perfkit = PerfkitMeterRegistry.builder(monitor).clock(clock).build();
  private final PrometheusMeterRegistry micrometer =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
  private final AtomicLong sessions = new AtomicLong(17);

  @AfterEach
  void close() {
    perfkit.close();
    micrometer.close();
    monitor.close();
  }

  /** Every kind of meter the bridge maps, each recorded the same way in {@code r}. */
  private void instrument(MeterRegistry r) {
    Counter.builder("orders").tag("kind", "web").register(r).increment(3);
    Counter.builder("bytes.sent").baseUnit("bytes").register(r).increment(2048);
    FunctionCounter.builder("tomcat.sessions.created", sessions, AtomicLong::get).baseUnit("sessions").register(r);
    FunctionCounter.builder("cache.evictions", sessions, AtomicLong::get).tag("cache", "users").register(r);
    Gauge.builder("jvm.memory.used", () -> 1 << 20).baseUnit("bytes").tags("area", "heap", "id", "G1 Eden Space")
        .register(r);
    Timer requests = Timer.builder("http.server.requests").tags("uri", "/checkout", "status", "200").register(r);
    Timer queries = Timer.builder("db.query").publishPercentiles(0.5, 0.99).register(r);
    Timer api = Timer.builder("api.latency").serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100))
        .register(r);
    Timer histogram = Timer.builder("rpc.latency").publishPercentileHistogram().register(r);
    for (int ms : new int[] {3, 20, 20, 45, 700}) {
      requests.record(ms, TimeUnit.MILLISECONDS);
      queries.record(ms, TimeUnit.MILLISECONDS);
      api.record(ms, TimeUnit.MILLISECONDS);
      histogram.record(ms, TimeUnit.MILLISECONDS);
    }
    DistributionSummary sizes = DistributionSummary.builder("response.size").baseUnit("bytes").register(r);
    sizes.record(100);
    sizes.record(4000);
    LongTaskTimer exports = LongTaskTimer.builder("export").register(r);
    exports.start();
    FunctionTimer.builder("cache.gets", sessions, s -> 40, s -> 2.5, TimeUnit.MILLISECONDS).register(r);
  }

  @Test
  void bridgedMeters_areExposedAsMicrometersPrometheusRegistryExposesThem() {
    instrument(micrometer);
    instrument(perfkit);
    // Perfkit exposes quantiles over the completed slots of its window: the first of 10 s
    // completes at the tenth tick. The long task has run 10 s when both are read.
    for (int i = 0; i < 10; i++) {
      clock.add(Duration.ofSeconds(1));
      monitor.tick();
    }
    Exposition theirs = Exposition.parse(micrometer.scrape());
    Exposition ours = Exposition.parse(PrometheusFormat.text(monitor.snapshot()));

    assertEquals(theirs.types, ours.types, "families and their types");
    assertEquals(18, theirs.types.size(), "12 meters and 6 maxima took part: " + theirs.types.keySet());
    for (String family : theirs.types.keySet()) {
      assertEquals(theirs.series(family).keySet(), ours.series(family).keySet(), "series of " + family);
      theirs.series(family).forEach((series, value) -> {
        double mine = ours.series(family).get(series);
        // Micrometer's quantiles have 1 significant digit by default (20.84 ms for a true 20 ms),
        // Perfkit's 3; everything else is exact in both
        double tolerance = series.contains("quantile=") ? 0.05 * value : 1e-9 * Math.max(1, Math.abs(value));
        assertEquals(value, mine, tolerance, series);
      });
    }
  }

  @Test
  void perfkitsOwnMeters_keepTheirNames() {
    monitor.timer("own.latency").record(5, TimeUnit.MILLISECONDS);
    monitor.counter("own.jobs").increment();
    clock.add(Duration.ofSeconds(1));
    Exposition ours = Exposition.parse(PrometheusFormat.text(monitor.tick()));
    assertEquals(Map.of("own_latency_seconds", "summary", "own_jobs_total", "counter"), ours.types);
    assertTrue(ours.series("own_latency_seconds").containsKey("own_latency_seconds{quantile=0.99}"),
        "Perfkit's own timers keep their four quantiles: " + ours.series("own_latency_seconds"));
    assertFalse(ours.types.containsKey("own_latency_seconds_max"));
  }

  /** A Prometheus text exposition: each family's type, and each series's value by name and label set. */
  private static final class Exposition {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final List<String> SUFFIXES = List.of("", "_total", "_count", "_sum", "_bucket");

    final Map<String, String> types = new TreeMap<>();
    private final Map<String, Map<String, Double>> series = new TreeMap<>();

    static Exposition parse(String text) {
      Exposition e = new Exposition();
      for (String line : text.split("\n")) {
        if (line.startsWith("# TYPE ")) {
          String[] parts = line.split(" ");
          e.types.put(parts[2], parts[3]);
        } else if (!line.isBlank() && !line.startsWith("#")) {
          Matcher m = SAMPLE.matcher(line);
          assertTrue(m.matches(), line);
          e.series.computeIfAbsent(e.familyOf(m.group(1)), k -> new TreeMap<>())
              .put(m.group(1) + labels(m.group(2)), Double.parseDouble(m.group(3).replace("+Inf", "Infinity")));
        }
      }
      return e;
    }

    /** The declared family a sample belongs to: its own name, or its name less a summary's, histogram's or counter's suffix. */
    private String familyOf(String sample) {
      for (String suffix : SUFFIXES) {
        if (sample.endsWith(suffix)) {
          String base = sample.substring(0, sample.length() - suffix.length());
          if (types.containsKey(base)) {
            return base;
          }
        }
      }
      if (types.containsKey(sample + "_total")) {
        return sample + "_total";
      }
      throw new AssertionError("sample " + sample + " has no declared family in " + types.keySet());
    }

    /** Labels sorted by key; {@code le} and {@code quantile} values as numbers, so 1 and 1.0 are one bound. */
    private static String labels(String text) {
      if (text == null || text.isEmpty()) {
        return "";
      }
      Map<String, String> sorted = new TreeMap<>();
      Matcher m = LABEL.matcher(text);
      while (m.find()) {
        String v = m.group(2);
        boolean numeric = m.group(1).equals("le") || m.group(1).equals("quantile");
        sorted.put(m.group(1), numeric ? Double.toString(Double.parseDouble(v.replace("+Inf", "Infinity"))) : v);
      }
      Set<String> parts = new TreeSet<>();
      sorted.forEach((k, v) -> parts.add(k + "=" + v));
      return "{" + String.join(",", parts) + "}";
    }

    Map<String, Double> series(String family) {
      return series.getOrDefault(family, Map.of());
    }
  }
}
