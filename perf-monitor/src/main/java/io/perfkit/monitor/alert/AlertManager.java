package io.perfkit.monitor.alert;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.perfkit.api.Arguments;
import io.perfkit.api.Units;
import io.perfkit.api.alert.AlertEvaluation;
import io.perfkit.api.alert.AlertRule;
import io.perfkit.api.alert.MetricsView;
import io.perfkit.api.alert.Severity;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.MonitorSnapshot;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Evaluates {@link AlertRule}s on every monitor tick and tracks each rule's state the way
 * Prometheus does: a rule whose condition holds is pending, fires once it has held for its
 * {@code for} duration, keeps firing for {@code keep_firing_for} after the condition stops
 * (so a flapping metric does not flap the alert), and then resolves, emitting one resolved event.
 * Time is the tick's time ({@link MetricsView#time()}), so a test drives it with the monitor's
 * time source and needs no sleep.
 *
 * <p>Listeners run on a bounded executor (one thread, a queue of {@code listenerQueue} events);
 * when it is full, events are dropped and counted. Rules may come from code, from
 * {@link java.util.ServiceLoader} ({@link #addInstalledRules()}), or from a rules file
 * ({@link RulesFile}).
 *
 * <p>Thread-safe: evaluation runs on the tick thread; rules, listeners and status may be
 * changed and read from any thread.
 *
 * <p><b>One class.</b> Registration, {@code evaluate} and {@link #statuses()} read and write the
 * private {@code Tracked} entries of {@code rules} under the manager's lock, and {@code evaluate}
 * dispatches the transitions after releasing it. {@code dispatch}, {@link #awaitListeners} and
 * {@link #close()} share {@code executor} and {@code undelivered}, guarded by {@code deliveries}.
 * Split apart, the parts would have to share both locks and {@code Tracked}.
 */
public final class AlertManager implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AlertManager.class.getName());

  private final Map<String, Tracked> rules = new LinkedHashMap<>();
  private final CopyOnWriteArrayList<AlertListener> listeners = new CopyOnWriteArrayList<>();
  private final ThreadPoolExecutor executor;
  private final AtomicLong droppedEvents = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  /** Guards {@link #undelivered}, and is notified when it reaches zero. */
  private final Object deliveries = new Object();
  /** Listener calls queued or running. */
  private long undelivered;
  private Monitor attached;
  private Consumer<MonitorSnapshot> tickListener;

  /** Per-rule state, guarded by the manager's lock. */
  private static final class Tracked {
    final AlertRule rule;
    AlertState state = AlertState.INACTIVE;
    Instant activeSince;
    Instant inactiveSince;
    Instant lastFired;
    Instant lastResolved;
    String metric = "";
    double value = Double.NaN;
    String message = "";
    long errors;

    Tracked(AlertRule rule) {
      this.rule = rule;
    }
  }

  private AlertManager(Builder b) {
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(b.listenerQueue),
        new ThreadFactoryBuilder().setNameFormat("perfkit-alert-listener-%d").setDaemon(true).build());
  }

  /**
   * The one way to make a manager: {@code AlertManager.builder().build()}, then its rules,
   * listeners and monitor with {@link #addRule}, {@link #addListener} and {@link #attach}, which
   * may also come later, while it runs.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The manager's own resources; the setter checks its value. */
  public static final class Builder {
    private int listenerQueue = 1024;

    private Builder() {}

    /** Events that may wait for listeners before further ones are dropped and counted; 1024 by default. */
    public Builder listenerQueue(int events) {
      this.listenerQueue = Arguments.positive("listener queue", events);
      return this;
    }

    public AlertManager build() {
      return new AlertManager(this);
    }
  }

  /**
   * Adds a rule.
   *
   * @throws IllegalArgumentException when a rule with the same name exists, naming both classes
   */
  public synchronized AlertManager addRule(AlertRule rule) {
    Objects.requireNonNull(rule, "rule");
    AlertRules.checkRuleName(rule.name());
    checkAccessors(rule);
    Tracked existing = rules.get(rule.name());
    if (existing != null) {
      throw new IllegalArgumentException("two alert rules are named '" + rule.name() + "': "
          + existing.rule.getClass().getName() + " and " + rule.getClass().getName());
    }
    rules.put(rule.name(), new Tracked(rule));
    return this;
  }

  /**
   * A third-party rule's accessors are read on every tick; a null or negative answer is refused
   * here, naming the rule and the accessor, rather than failing each evaluation.
   */
  private static void checkAccessors(AlertRule rule) {
    String who = "alert rule '" + rule.name() + "' (" + rule.getClass().getName() + ")";
    if (rule.severity() == null) {
      throw new IllegalArgumentException(who + " returns null from severity()");
    }
    if (rule.labels() == null) {
      throw new IllegalArgumentException(who + " returns null from labels()");
    }
    if (rule.messageTemplate() == null) {
      throw new IllegalArgumentException(who + " returns null from messageTemplate()");
    }
    checkDuration(who, "forDuration()", rule.forDuration());
    checkDuration(who, "keepFiringFor()", rule.keepFiringFor());
  }

  private static void checkDuration(String who, String accessor, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(who + " returns " + d + " from " + accessor + "; it must be zero or positive");
    }
  }

  /** Adds every rule. */
  public AlertManager addRules(List<? extends AlertRule> rules) {
    rules.forEach(this::addRule);
    return this;
  }

  /**
   * Adds each rule, replacing the rule of the same name if there is one: how a rules file or a
   * builder changes the threshold of an installed rule
   * ({@code addInstalledRules().overrideRules(RulesFile.parse(path))}). A replaced rule's state
   * starts over.
   */
  public synchronized AlertManager overrideRules(List<? extends AlertRule> rules) {
    for (AlertRule r : rules) {
      this.rules.remove(Objects.requireNonNull(r, "rule").name());
      addRule(r);
    }
    return this;
  }

  /** Adds the rules that {@link java.util.ServiceLoader} finds. */
  public AlertManager addInstalledRules() {
    return addRules(AlertRule.installed().all());
  }

  /** Removes a rule; true when it existed. */
  public synchronized boolean removeRule(String name) {
    return rules.remove(name) != null;
  }

  /** Receives firing and resolved events. */
  public AlertManager addListener(AlertListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** Evaluates on every tick of {@code monitor}. */
  public synchronized AlertManager attach(Monitor monitor) {
    if (attached != null) {
      throw new IllegalStateException("alert manager is already attached to a monitor");
    }
    attached = monitor;
    tickListener = this::evaluate;
    monitor.addTickListener(tickListener);
    return this;
  }

  /** Evaluates every rule against one tick's metrics and emits the transitions. */
  public void evaluate(MetricsView metrics) {
    List<AlertEvent> events = new ArrayList<>();
    synchronized (this) {
      Instant now = metrics.time();
      for (Tracked t : rules.values()) {
        AlertEvaluation e;
        try {
          e = Objects.requireNonNull(t.rule.evaluate(metrics), "evaluation");
        } catch (RuntimeException ex) {
          t.errors++;
          LOG.log(Level.WARNING, "alert rule " + t.rule.name() + " failed to evaluate; treated as no data: " + ex, ex);
          e = AlertEvaluation.noData("");
        }
        try {
          step(t, e, now, events);
        } catch (RuntimeException ex) {
          // a rule's own accessors (its message template, its labels) failed: this rule only
          t.errors++;
          LOG.log(Level.WARNING, "alert rule " + t.rule.name() + " failed while its result was applied: " + ex, ex);
        }
      }
    }
    for (AlertEvent event : events) {
      dispatch(event);
    }
  }

  private void step(Tracked t, AlertEvaluation e, Instant now, List<AlertEvent> events) {
    t.metric = e.metric();
    t.value = e.value();
    t.message = message(t.rule, e);
    if (e.active()) {
      t.inactiveSince = null;
      switch (t.state) {
        case INACTIVE:
          t.activeSince = now;
          if (t.rule.forDuration().isZero()) {
            fire(t, now, events);
          } else {
            t.state = AlertState.PENDING;
          }
          break;
        case PENDING:
          if (!Duration.between(t.activeSince, now).minus(t.rule.forDuration()).isNegative()) {
            fire(t, now, events);
          }
          break;
        default:
          break;
      }
      return;
    }
    switch (t.state) {
      case PENDING:
        t.state = AlertState.INACTIVE;
        t.activeSince = null;
        break;
      case FIRING:
        if (t.inactiveSince == null) {
          t.inactiveSince = now;
        }
        if (!Duration.between(t.inactiveSince, now).minus(t.rule.keepFiringFor()).isNegative()) {
          t.state = AlertState.INACTIVE;
          t.activeSince = null;
          t.inactiveSince = null;
          t.lastResolved = now;
          events.add(new AlertEvent(AlertEvent.Kind.RESOLVED, t.rule.name(), t.rule.severity(), t.rule.labels(),
              resolvedMessage(t.rule, t.metric, t.value), t.metric, t.value, now));
        }
        break;
      default:
        break;
    }
  }

  /**
   * A tick's message: a {@link WordedRule}'s own; for another rule, whose template words the
   * firing condition, the template while the condition holds, the value otherwise, and words, not
   * a number's place filled with "no data", while there is none.
   */
  private static String message(AlertRule rule, AlertEvaluation e) {
    String metric = e.metric();
    if (rule instanceof WordedRule w) {
      return w.message(metric, e.value());
    }
    if (Double.isNaN(e.value())) {
      return rule.name() + ": " + (metric.isEmpty() ? "no value yet" : "no value of " + metric + " yet");
    }
    if (e.active()) {
      return MessageTemplate.render(rule, metric, e.value());
    }
    return rule.name() + ": " + (metric.isEmpty() ? "the value" : metric) + " is " + Units.number(e.value());
  }

  /**
   * A resolved event's message: a {@link WordedRule}'s own; for another rule, whose template
   * words the firing condition, the value it resolved at.
   */
  private static String resolvedMessage(AlertRule rule, String metric, double value) {
    if (rule instanceof WordedRule w) {
      return w.resolvedMessage(metric, value);
    }
    String what = metric.isEmpty() ? "the value" : metric;
    return "resolved: " + (Double.isNaN(value) ? what + " has no value" : what + " is " + Units.number(value));
  }

  private void fire(Tracked t, Instant now, List<AlertEvent> events) {
    t.state = AlertState.FIRING;
    t.lastFired = now;
    events.add(new AlertEvent(AlertEvent.Kind.FIRING, t.rule.name(), t.rule.severity(), t.rule.labels(), t.message,
        t.metric, t.value, now));
  }

  private void dispatch(AlertEvent event) {
    if (event.kind() == AlertEvent.Kind.FIRING) {
      LOG.log(Level.WARNING, "alert firing: " + event.message());
    } else {
      LOG.log(Level.INFO, "alert resolved: " + event.rule());
    }
    for (AlertListener l : listeners) {
      changeUndelivered(1);
      try {
        executor.execute(() -> {
          try {
            l.onEvent(event);
          } catch (RuntimeException ex) {
            listenerFailures.incrementAndGet();
            LOG.log(Level.WARNING, "alert listener " + l + " failed on " + event.rule() + ": " + ex, ex);
          } finally {
            changeUndelivered(-1);
          }
        });
      } catch (RejectedExecutionException full) {
        changeUndelivered(-1);
        droppedEvents.incrementAndGet();
      }
    }
  }

  private void changeUndelivered(int delta) {
    synchronized (deliveries) {
      undelivered += delta;
      if (undelivered == 0) {
        deliveries.notifyAll();
      }
    }
  }

  /** Every rule's status, in the order the rules were added. */
  public synchronized List<AlertStatus> statuses() {
    List<AlertStatus> out = new ArrayList<>(rules.size());
    for (Tracked t : rules.values()) {
      out.add(new AlertStatus(t.rule.name(), t.rule.severity(), t.state, t.rule.labels(), t.rule.forDuration(),
          t.rule.keepFiringFor(), t.activeSince, t.lastFired, t.lastResolved, t.metric, t.value, t.message, t.errors));
    }
    return out;
  }

  /** True when no critical rule is firing. */
  public synchronized boolean healthy() {
    for (Tracked t : rules.values()) {
      if (t.state == AlertState.FIRING && t.rule.severity() == Severity.CRITICAL) {
        return false;
      }
    }
    return true;
  }

  /** Events dropped because the listener queue was full. */
  public long droppedEvents() {
    return droppedEvents.get();
  }

  /** Listener calls that threw. */
  public long listenerFailures() {
    return listenerFailures.get();
  }

  /** Detaches from the monitor and stops the listener thread after the queued events. */
  @Override
  public synchronized void close() {
    if (attached != null) {
      attached.removeTickListener(tickListener);
      attached = null;
    }
    executor.shutdown();
  }

  /**
   * Waits for queued events to reach the listeners; for tests and orderly shutdown.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitListeners(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (deliveries) {
      while (undelivered > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(deliveries, left);
      }
    }
    return true;
  }
}
