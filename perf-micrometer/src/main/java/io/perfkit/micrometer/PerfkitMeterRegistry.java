package io.perfkit.micrometer;

import io.perfkit.api.Arguments;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionCounter;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.internal.DefaultGauge;
import io.micrometer.core.instrument.internal.DefaultLongTaskTimer;
import io.micrometer.core.instrument.internal.DefaultMeter;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopDistributionSummary;
import io.micrometer.core.instrument.noop.NoopTimer;
import io.perfkit.api.TimeSource;
import io.perfkit.monitor.HistogramSettings;
import io.perfkit.monitor.MetricId;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.PrometheusNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A Micrometer {@link MeterRegistry} whose meters record into a Perfkit {@link Monitor}, so that
 * whatever is instrumented with Micrometer (Spring MVC, HikariCP, Kafka clients, the JVM binders)
 * gets Perfkit's history, {@code /metrics}, Prometheus exposition, alert rules and the profiles
 * those rules trigger. Add it to a composite registry or use it as the application's registry:
 *
 * <pre>{@code
 * PerfkitMeterRegistry registry = PerfkitMeterRegistry.builder(monitor).build();
 * Metrics.addRegistry(registry);            // or Spring's MeterRegistryCustomizer, etc.
 * }</pre>
 *
 * It passes Micrometer's own {@code MeterRegistryCompatibilityKit}, every test. Driven by a
 * Micrometer {@link Clock} (a {@code MockClock} in tests), it is built with {@link #builder} and
 * the monitor with {@link #timeSource(Clock) the same clock}.
 *
 * <h2>Why this direction</h2>
 * A registry backed by Perfkit's recorders, rather than a binder copying another registry each
 * tick: a Micrometer {@link Timer#record} here is one Perfkit {@link io.perfkit.monitor.Timer}
 * recording (a lock-free write into the thread's own table), and Perfkit's percentiles are
 * computed over every value recorded, at three significant digits. A binder could only copy the
 * count, total and max of another registry, and the percentiles that registry approximated.
 *
 * <h2>The mapping</h2>
 * <ul>
 *   <li>Names and tag keys keep their Micrometer form where Perfkit allows it ({@code
 *       [a-zA-Z0-9_.]}); other characters become {@code _}. Tags become Perfkit tags. A meter's
 *       base unit becomes its Perfkit metric's {@linkplain io.perfkit.monitor.Meter#unit() unit},
 *       so that {@code /prometheus} writes the family names, types and labels that Micrometer's
 *       own Prometheus registry writes for the same meter ({@code jvm_memory_used_bytes},
 *       {@code http_server_requests_seconds_count}, {@code tomcat_sessions_created_sessions_total},
 *       {@code _max} beside every timer and summary); the keys of {@code /metrics} and alert
 *       rules stay the Micrometer names ({@code jvm.memory.used}).</li>
 *   <li>{@link Timer} → a Perfkit timer; {@link DistributionSummary} → a Perfkit distribution
 *       (scaled amounts times {@link #summaryScale}, rounded to whole units). Their
 *       {@code serviceLevelObjectives} and {@code publishPercentileHistogram} become the Perfkit
 *       meter's {@linkplain HistogramSettings#buckets() buckets}, {@code publishPercentiles} its
 *       {@linkplain HistogramSettings#quantiles() quantiles} (none unless asked for, as in
 *       Micrometer), {@code expiry} and {@code bufferLength} its recent maximum's decay.</li>
 *   <li>{@link Counter} → a Perfkit counter. Whole increments go straight to it; fractional ones
 *       are summed and carried over in whole units, so Perfkit's count is the whole part of
 *       Micrometer's.</li>
 *   <li>The recent maximum of a timer, summary or long task timer → a Perfkit gauge
 *       {@code NAME.UNIT.max} ({@code http.server.requests.seconds.max}), Micrometer's
 *       {@code _max} family.</li>
 *   <li>{@link LongTaskTimer} → Micrometer's own long task timer (active tasks, their total and
 *       longest duration, percentiles and buckets of the active durations), read by a Perfkit
 *       {@link io.perfkit.monitor.SuppliedTimer} (count: the active tasks; sum: their duration)
 *       and the maximum's gauge.</li>
 *   <li>{@link FunctionTimer} → a Perfkit {@link io.perfkit.monitor.SuppliedTimer};
 *       {@link FunctionCounter} → a Perfkit {@link io.perfkit.monitor.SuppliedCounter};
 *       {@link Gauge} → a Perfkit gauge; each reads the Micrometer meter on each tick. Custom
 *       meters → one Perfkit gauge per measurement, {@code NAME.STATISTIC}.</li>
 * </ul>
 * {@link #remove(Meter) Removing} a meter removes its Perfkit metrics from the monitor, with their
 * history and exposition; a {@code MultiGauge} row overwritten is such a removal.
 *
 * <p>A meter Perfkit refuses (its name is another kind of Perfkit metric) becomes a Micrometer
 * no-op, logged and counted by {@link #rejected()}, never an exception in the instrumented code.
 *
 * <h2>When values show</h2>
 * The Micrometer side of a timer or summary ({@code count()}, {@code totalTime()}, {@code max()},
 * {@code takeSnapshot()}) reads everything recorded up to the call: it drains the recording
 * threads' tables as a tick would, so it costs about a tick of that meter, and recording stays a
 * single write. The monitor's snapshot, history and exposition take values at its next tick (one
 * a second by default), as for every Perfkit metric. {@code max()} is the largest value of
 * roughly the last {@code expiry} (2 minutes by default), counted from the first read or tick
 * that saw it.
 *
 * <p><b>One class.</b> The {@code new*} methods override Micrometer's protected factories, so they
 * can only live in this subclass of {@link MeterRegistry}. Each registers its Perfkit metrics
 * through {@code owned}, which notes them in {@code perfkitIds} so that {@code removeFromMonitor}
 * removes them with the meter, and sends each refusal through {@code refused} to {@code rejected};
 * both stay private because only these methods write them.
 */
public final class PerfkitMeterRegistry extends MeterRegistry {

  private static final System.Logger LOG = System.getLogger(PerfkitMeterRegistry.class.getName());

  private final Monitor monitor;
  private final AtomicLong rejected = new AtomicLong();
  private final HistogramSettings timerSettings;
  private final HistogramSettings summarySettings;
  private final double summaryScale;
  /** The Perfkit metrics made for each Micrometer meter, removed with it. */
  private final ConcurrentHashMap<Meter.Id, List<MetricId>> perfkitIds = new ConcurrentHashMap<>();

  private PerfkitMeterRegistry(Builder b) {
    super(b.clock);
    this.monitor = b.monitor;
    this.timerSettings = b.timerSettings;
    this.summarySettings = b.summarySettings;
    this.summaryScale = b.summaryScale;
    config().onMeterRemoved(this::removeFromMonitor);
  }

  /**
   * The one way to make a registry recording into {@code monitor}:
   * {@code PerfkitMeterRegistry.builder(monitor).build()} on the system clock with Perfkit's
   * default histogram settings, or with other settings, scale or clock.
   */
  public static Builder builder(Monitor monitor) {
    return new Builder(monitor);
  }

  /**
   * Perfkit's {@link TimeSource} reading a Micrometer {@link Clock}: {@code nanoTime} is the
   * clock's {@code monotonicTime}, {@code now} its {@code wallTime}. Give it to the monitor's
   * builder so that the monitor's ticks, {@link io.perfkit.monitor.Timer#time} and the recent
   * maximum follow the same clock as the registry.
   */
  public static TimeSource timeSource(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return new TimeSource() {
      @Override
      public long nanoTime() {
        return clock.monotonicTime();
      }

      @Override
      public Instant now() {
        return Instant.ofEpochMilli(clock.wallTime());
      }
    };
  }

  /** The monitor this registry records into. */
  public Monitor monitor() {
    return monitor;
  }

  /** What summary amounts are multiplied by before they are recorded. */
  public double summaryScale() {
    return summaryScale;
  }

  // ---- ids ----

  /** The Perfkit id of a Micrometer id: its name and tags, with characters Perfkit refuses replaced. */
  static MetricId idOf(Meter.Id id, String suffix) {
    List<String> tags = new ArrayList<>();
    for (Tag t : id.getTagsAsIterable()) {
      tags.add(sanitize(t.getKey()));
      tags.add(t.getValue());
    }
    return MetricId.of(sanitize(suffix == null ? id.getName() : id.getName() + "." + suffix), tags.toArray(String[]::new));
  }

  static String sanitize(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.'
          || (i > 0 && c >= '0' && c <= '9');
      sb.append(ok ? c : '_');
    }
    if (sb.length() == 0) {
      sb.append('_');
    }
    return sb.length() > MetricId.MAX_NAME_LENGTH ? sb.substring(0, MetricId.MAX_NAME_LENGTH) : sb.toString();
  }

  /** The Perfkit unit of a Micrometer meter's base unit: empty for none, made valid otherwise. */
  private static String unit(Meter.Id id) {
    String u = id.getBaseUnit();
    return u == null || u.isBlank() ? "" : PrometheusNames.sanitize(u).replace(':', '_');
  }

  private static String help(Meter.Id id) {
    String d = id.getDescription();
    return d == null || d.isBlank() ? "Micrometer " + id.getType().name().toLowerCase(Locale.ROOT) + " " + id.getName() : d;
  }

  // ---- meters ----

  /**
   * Meters Perfkit refused: a name another Perfkit metric of another kind holds, or one whose
   * Prometheus family another name already has, or a setting Perfkit cannot honour. Each is
   * logged, and the instrumented code gets a no-op meter (or a meter Perfkit does not see)
   * instead of an exception.
   */
  public long rejected() {
    return rejected.get();
  }

  private <M extends Meter> M orNoop(Meter.Id id, Supplier<M> bridged, M noop) {
    try {
      return bridged.get();
    } catch (IllegalArgumentException e) {
      refused(id, e);
      return noop;
    }
  }

  private void refused(Meter.Id id, IllegalArgumentException e) {
    rejected.incrementAndGet();
    LOG.log(System.Logger.Level.WARNING, "Micrometer meter " + id.getName() + " " + id.getTags()
        + " is not recorded into Perfkit: " + e.getMessage());
  }

  /** Notes that {@code pid} was made for the Micrometer meter {@code id}, so that removing one removes the other. */
  private <T> T owned(Meter.Id id, MetricId pid, T perfkitMeter) {
    perfkitIds.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(pid);
    return perfkitMeter;
  }

  private void removeFromMonitor(Meter meter) {
    List<MetricId> ids = perfkitIds.remove(meter.getId());
    if (ids != null) {
      ids.forEach(monitor::remove);
    }
  }

  /** Perfkit settings carrying what Micrometer's configuration asks for. */
  private static HistogramSettings settings(HistogramSettings base, DistributionStatisticConfig config, double perUnit) {
    List<Long> bounds = new ArrayList<>();
    for (double b : config.getHistogramBuckets(true)) {
      long bound = Math.round(b * perUnit);
      if (bound >= 0 && (bounds.isEmpty() || bound > bounds.get(bounds.size() - 1))) {
        bounds.add(bound);
      }
    }
    HistogramSettings s = base.withBuckets(bounds).withQuantiles(percentiles(config));
    Duration expiry = config.getExpiry();
    Integer buffers = config.getBufferLength();
    return expiry == null || buffers == null ? s : s.withMaxDecay(expiry, buffers);
  }

  /** The percentiles asked for, ascending, each in (0, 1]. */
  private static List<Double> percentiles(DistributionStatisticConfig config) {
    double[] ps = config.getPercentiles();
    return ps == null ? List.of()
        : java.util.Arrays.stream(ps).filter(p -> p > 0 && p <= 1).sorted().distinct().boxed().toList();
  }

  @Override
  protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
    return orNoop(id, () -> {
      MetricId pid = idOf(id, null);
      HistogramSettings s = settings(timerSettings, config, 1);  // Micrometer's timer configuration is in ns
      io.perfkit.monitor.Timer timer = owned(id, pid, monitor.timer(pid, help(id), s));
      maxGauge(id, "seconds", () -> timer.recentMax() / 1e9);
      return new BridgedTimer(id, timer, s.quantiles());
    }, new NoopTimer(id));
  }

  @Override
  protected DistributionSummary newDistributionSummary(Meter.Id id, DistributionStatisticConfig config, double scale) {
    return orNoop(id, () -> {
      MetricId pid = idOf(id, null);
      HistogramSettings s = settings(summarySettings, config, summaryScale);
      io.perfkit.monitor.DistributionSummary summary =
          owned(id, pid, monitor.distribution(pid, help(id), unit(id), s));
      maxGauge(id, unit(id), () -> summary.recentMax() / summaryScale);
      return new BridgedSummary(id, summary, s.quantiles(), scale, summaryScale);
    }, new NoopDistributionSummary(id));
  }

  @Override
  protected Counter newCounter(Meter.Id id) {
    return orNoop(id, () -> {
      MetricId pid = idOf(id, null);
      return new BridgedCounter(id, owned(id, pid, monitor.counter(pid, help(id), unit(id))));
    }, new NoopCounter(id));
  }

  @Override
  protected <T> Gauge newGauge(Meter.Id id, T obj, ToDoubleFunction<T> valueFunction) {
    Gauge g = new DefaultGauge<>(id, obj, valueFunction);
    gauge(id, null, "", g::value);
    return g;
  }

  /**
   * A Perfkit gauge reading a Micrometer meter, which the Micrometer side keeps as it is; a
   * refused one is counted and logged, not thrown.
   */
  private void gauge(Meter.Id id, String suffix, String helpSuffix, DoubleSupplier value) {
    String unit = suffix == null ? unit(id) : "";
    perfkit(id, () -> {
      MetricId pid = idOf(id, suffix);
      owned(id, pid, monitor.gauge(pid, help(id) + helpSuffix, unit, value));
    });
  }

  /**
   * The gauge of a meter's recent maximum, named so that it is exposed as Micrometer's
   * {@code NAME_UNIT_max}: {@code NAME.UNIT.max}, or {@code NAME.max} when the name already ends
   * in the unit.
   */
  private void maxGauge(Meter.Id id, String unit, DoubleSupplier max) {
    boolean named = unit.isEmpty() || PrometheusNames.sanitize(sanitize(id.getName())).endsWith("_" + unit);
    gauge(id, named ? "max" : unit + ".max", " (recent maximum)", max);
  }

  /** Registers Perfkit metrics for a Micrometer meter that stays as it is; a refusal is counted and logged, not thrown. */
  private void perfkit(Meter.Id id, Runnable registration) {
    try {
      registration.run();
    } catch (IllegalArgumentException e) {
      refused(id, e);
    }
  }

  @Override
  protected LongTaskTimer newLongTaskTimer(Meter.Id id, DistributionStatisticConfig config) {
    LongTaskTimer t = new DefaultLongTaskTimer(id, clock, getBaseTimeUnit(), config, true);
    perfkit(id, () -> {
      MetricId pid = idOf(id, null);
      owned(id, pid, monitor.suppliedTimer(pid, help(id), t::activeTasks, () -> t.duration(TimeUnit.SECONDS)));
    });
    maxGauge(id, "seconds", () -> t.max(TimeUnit.SECONDS));
    return t;
  }

  @Override
  protected <T> FunctionTimer newFunctionTimer(Meter.Id id, T obj, ToLongFunction<T> countFunction,
      ToDoubleFunction<T> totalTimeFunction, TimeUnit totalTimeFunctionUnit) {
    FunctionTimer t = new CumulativeFunctionTimer<>(id, obj, countFunction, totalTimeFunction, totalTimeFunctionUnit,
        getBaseTimeUnit());
    perfkit(id, () -> {
      MetricId pid = idOf(id, null);
      owned(id, pid, monitor.suppliedTimer(pid, help(id), () -> (long) t.count(), () -> t.totalTime(TimeUnit.SECONDS)));
    });
    return t;
  }

  @Override
  protected <T> FunctionCounter newFunctionCounter(Meter.Id id, T obj, ToDoubleFunction<T> countFunction) {
    FunctionCounter c = new CumulativeFunctionCounter<>(id, obj, countFunction);
    perfkit(id, () -> {
      MetricId pid = idOf(id, null);
      owned(id, pid, monitor.suppliedCounter(pid, help(id), unit(id), c::count));
    });
    return c;
  }

  @Override
  protected Meter newMeter(Meter.Id id, Meter.Type type, Iterable<Measurement> measurements) {
    for (Measurement m : measurements) {
      gauge(id, m.getStatistic().getTagValueRepresentation(), "", m::getValue);
    }
    return new DefaultMeter(id, type, measurements);
  }

  @Override
  protected TimeUnit getBaseTimeUnit() {
    return TimeUnit.SECONDS;
  }

  @Override
  protected DistributionStatisticConfig defaultHistogramConfig() {
    // Perfkit's own histograms hold the values; Micrometer keeps none of its own.
    return DistributionStatisticConfig.DEFAULT;
  }

  /**
   * Configures a {@link PerfkitMeterRegistry}; each setter validates its value. Not thread-safe.
   */
  public static final class Builder {
    private final Monitor monitor;
    private Clock clock = Clock.SYSTEM;
    private HistogramSettings timerSettings = HistogramSettings.TIMER_DEFAULT;
    private HistogramSettings summarySettings = HistogramSettings.DISTRIBUTION_DEFAULT;
    private double summaryScale = 1;

    private Builder(Monitor monitor) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /**
     * The clock of the Micrometer side ({@link Clock#SYSTEM} by default): {@code Timer.Sample},
     * long task timers, function meters. Build the monitor with {@link #timeSource(Clock)} of the
     * same clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The range and precision of timers ({@link HistogramSettings#TIMER_DEFAULT} by default); each
     * timer's buckets, quantiles and maximum decay come from its Micrometer configuration.
     */
    public Builder timerSettings(HistogramSettings settings) {
      this.timerSettings = Objects.requireNonNull(settings, "timerSettings");
      return this;
    }

    /** The same for distribution summaries ({@link HistogramSettings#DISTRIBUTION_DEFAULT}). */
    public Builder summarySettings(HistogramSettings settings) {
      this.summarySettings = Objects.requireNonNull(settings, "summarySettings");
      return this;
    }

    /**
     * What a distribution summary's (scaled) amount is multiplied by before it is recorded as a
     * whole number: 1 (the default) for bytes and counts; 1000 keeps three decimals.
     *
     * @throws IllegalArgumentException when {@code scale} is not positive and finite
     */
    public Builder summaryScale(double scale) {
      this.summaryScale = Arguments.positive("summary scale", scale);
      return this;
    }

    public PerfkitMeterRegistry build() {
      return new PerfkitMeterRegistry(this);
    }
  }
}
