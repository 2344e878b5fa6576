package io.perfkit.micrometer;

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
import io.micrometer.core.instrument.internal.DefaultMeter;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopDistributionSummary;
import io.micrometer.core.instrument.noop.NoopTimer;
import io.perfkit.monitor.HistogramSettings;
import io.perfkit.monitor.MetricId;
import io.perfkit.monitor.Monitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A Micrometer {@link MeterRegistry} whose meters record into a Perfkit {@link Monitor}, so that
 * whatever is instrumented with Micrometer (Spring MVC, HikariCP, Kafka clients, the JVM binders)
 * gets Perfkit's history, {@code /metrics}, Prometheus exposition, alert rules and the profiles
 * those rules trigger. Add it to a composite registry or use it as the application's registry:
 *
 * <pre>{@code
 * PerfkitMeterRegistry registry = new PerfkitMeterRegistry(monitor);
 * Metrics.addRegistry(registry);            // or Spring's MeterRegistryCustomizer, etc.
 * }</pre>
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
 *       [a-zA-Z0-9_.]}); other characters become {@code _}. Tags become Perfkit tags.</li>
 *   <li>{@link Timer} → a Perfkit timer; {@link DistributionSummary} → a Perfkit distribution
 *       (amounts rounded to whole units times {@code 1/scale}, see {@link #summaryScale}).</li>
 *   <li>{@link Counter} → a Perfkit counter. Whole increments go straight to it; fractional ones
 *       are summed and carried over in whole units, so Perfkit's count is the whole part of
 *       Micrometer's.</li>
 *   <li>{@link Gauge}, {@link FunctionCounter}, {@link FunctionTimer} (its count and total),
 *       {@link LongTaskTimer} (active tasks and duration) and custom meters → Perfkit gauges
 *       that read them on each tick.</li>
 * </ul>
 * A meter Perfkit refuses (its name is another kind of Perfkit metric) becomes a Micrometer
 * no-op, logged and counted by {@link #rejected()}, never an exception in the instrumented code.
 * The Micrometer side's {@code count()}, {@code totalTime()} and {@code max()} of timers and
 * summaries are those of the monitor's last tick: recording stays a single write, and a tick
 * (one a second by default) brings them up to date.
 */
public final class PerfkitMeterRegistry extends MeterRegistry {

  private static final System.Logger LOG = System.getLogger(PerfkitMeterRegistry.class.getName());

  private final Monitor monitor;
  private final java.util.concurrent.atomic.AtomicLong rejected = new java.util.concurrent.atomic.AtomicLong();
  private final HistogramSettings timerSettings;
  private final HistogramSettings summarySettings;
  private final double summaryScale;

  /** Records into {@code monitor}, with Perfkit's default histogram settings. */
  public PerfkitMeterRegistry(Monitor monitor) {
    this(monitor, HistogramSettings.TIMER_DEFAULT, HistogramSettings.DISTRIBUTION_DEFAULT, 1);
  }

  /**
   * Records into {@code monitor}.
   *
   * @param summaryScale what a distribution summary's amount is multiplied by before it is
   *     recorded as a whole number (1 for bytes and counts; 1000 keeps three decimals)
   */
  public PerfkitMeterRegistry(Monitor monitor, HistogramSettings timerSettings, HistogramSettings summarySettings,
      double summaryScale) {
    super(Clock.SYSTEM);
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.timerSettings = Objects.requireNonNull(timerSettings, "timerSettings");
    this.summarySettings = Objects.requireNonNull(summarySettings, "summarySettings");
    if (!(summaryScale > 0) || Double.isInfinite(summaryScale)) {
      throw new IllegalArgumentException("summary scale " + summaryScale + " must be positive and finite");
    }
    this.summaryScale = summaryScale;
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

  private static String help(Meter.Id id) {
    String d = id.getDescription();
    return d == null || d.isBlank() ? "Micrometer " + id.getType().name().toLowerCase(Locale.ROOT) + " " + id.getName() : d;
  }

  // ---- meters ----

  /**
   * Meters Perfkit refused: a name another Perfkit metric of another kind holds, or one whose
   * Prometheus family another name already has. Each is logged once, and the instrumented code
   * gets a no-op meter instead of an exception at start-up.
   */
  public long rejected() {
    return rejected.get();
  }

  private <M extends Meter> M orNoop(Meter.Id id, java.util.function.Supplier<M> bridged, M noop) {
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

  @Override
  protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
    return orNoop(id, () -> {
      MetricId pid = idOf(id, null);
      return new BridgedTimer(id, monitor, pid, monitor.timer(pid, help(id), timerSettings));
    }, new NoopTimer(id));
  }

  @Override
  protected DistributionSummary newDistributionSummary(Meter.Id id, DistributionStatisticConfig config, double scale) {
    return orNoop(id, () -> {
      MetricId pid = idOf(id, null);
      return new BridgedSummary(id, monitor, pid, monitor.distribution(pid, help(id), summarySettings),
          summaryScale * scale);
    }, new NoopDistributionSummary(id));
  }

  @Override
  protected Counter newCounter(Meter.Id id) {
    return orNoop(id, () -> new BridgedCounter(id, monitor.counter(idOf(id, null), help(id))), new NoopCounter(id));
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
  private void gauge(Meter.Id id, String suffix, String helpSuffix, java.util.function.DoubleSupplier value) {
    try {
      monitor.gauge(idOf(id, suffix), help(id) + helpSuffix, value);
    } catch (IllegalArgumentException e) {
      refused(id, e);
    }
  }

  @Override
  protected LongTaskTimer newLongTaskTimer(Meter.Id id, DistributionStatisticConfig config) {
    LongTaskTimer t = super.newLongTaskTimer(id, config);
    gauge(id, "active", " (tasks running)", t::activeTasks);
    gauge(id, "duration.seconds", " (time the running tasks have taken)", () -> t.duration(TimeUnit.SECONDS));
    return t;
  }

  @Override
  protected <T> FunctionTimer newFunctionTimer(Meter.Id id, T obj, ToLongFunction<T> countFunction,
      ToDoubleFunction<T> totalTimeFunction, TimeUnit totalTimeFunctionUnit) {
    FunctionTimer t = new CumulativeFunctionTimer<>(id, obj, countFunction, totalTimeFunction, totalTimeFunctionUnit,
        getBaseTimeUnit());
    gauge(id, "count", " (count)", t::count);
    gauge(id, "total.seconds", " (total time)", () -> t.totalTime(TimeUnit.SECONDS));
    return t;
  }

  @Override
  protected <T> FunctionCounter newFunctionCounter(Meter.Id id, T obj, ToDoubleFunction<T> countFunction) {
    FunctionCounter c = new CumulativeFunctionCounter<>(id, obj, countFunction);
    gauge(id, null, "", c::count);
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
    // Perfkit's own histograms give the percentiles; Micrometer keeps none of its own.
    return DistributionStatisticConfig.builder().expiry(java.time.Duration.ofMinutes(1)).bufferLength(1).build()
        .merge(DistributionStatisticConfig.DEFAULT);
  }
}
