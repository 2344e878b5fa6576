package io.perfkit.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import io.perfkit.api.Labels;
import io.perfkit.api.alert.AlertEvaluation;
import io.perfkit.api.alert.AlertRule;
import io.perfkit.api.alert.MetricsView;
import io.perfkit.api.alert.Severity;
import io.perfkit.monitor.alert.AlertEvent;
import io.perfkit.monitor.alert.AlertListener;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.alert.AlertRules;
import io.perfkit.monitor.alert.AlertState;
import io.perfkit.monitor.alert.AlertStatus;
import io.perfkit.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;
import org.mockito.InOrder;

/** The state machine, driven by an injected clock: no sleeps. */
final class AlertManagerTest {

  private final ManualTimeSource time = new ManualTimeSource();
  private final Monitor monitor = Monitor.builder().timeSource(time).build();
  private final AlertManager alerts = AlertManager.builder().build().attach(monitor);
  private final List<AlertEvent> events = new CopyOnWriteArrayList<>();
  private final SettableGauge load = monitor.settableGauge("load");

  AlertManagerTest() {
    alerts.addListener(events::add);
  }

  @AfterEach
  void close() {
    alerts.close();
    monitor.close();
  }

  private AlertState tickWith(double value) throws InterruptedException {
    load.set(value);
    time.advance(Duration.ofSeconds(1));
    monitor.tick();
    assertTrue(alerts.awaitListeners(Duration.ofSeconds(10)), "listeners caught up");
    return alerts.statuses().get(0).state();
  }

  private List<AlertEvent.Kind> kinds() {
    return events.stream().map(AlertEvent::kind).collect(Collectors.toList());
  }

  @Test
  void pending_neverFiresBeforeFor() throws Exception {
    alerts.addRule(AlertRules.threshold("High", "load").above(10).forDuration(Duration.ofSeconds(5)).build());
    assertEquals(AlertState.PENDING, tickWith(11));
    for (int i = 0; i < 4; i++) {
      assertEquals(AlertState.PENDING, tickWith(12), "fired after " + (i + 1) + " s of a 5 s for");
    }
    assertEquals(List.of(), kinds());
    assertEquals(AlertState.FIRING, tickWith(12));
    assertEquals(List.of(AlertEvent.Kind.FIRING), kinds());
  }

  @Test
  void pending_thatStopsHolding_goesBackToInactiveWithoutEvents() throws Exception {
    alerts.addRule(AlertRules.threshold("High", "load").above(10).forDuration(Duration.ofSeconds(3)).build());
    tickWith(11);
    tickWith(11);
    assertEquals(AlertState.INACTIVE, tickWith(5));
    assertEquals(AlertState.PENDING, tickWith(11), "the for timer restarts");
    tickWith(11);
    assertEquals(AlertState.PENDING, tickWith(11));
    assertEquals(List.of(), kinds());
  }

  @Test
  void flappingMetric_doesNotFlapTheAlertUnderKeepFiringFor_andResolvesOnce() throws Exception {
    alerts.addRule(AlertRules.threshold("High", "load").above(10).keepFiringFor(Duration.ofSeconds(3)).build());
    assertEquals(AlertState.FIRING, tickWith(11));
    double[] flapping = {5, 11, 5, 5, 11, 5, 11};
    for (double v : flapping) {
      assertEquals(AlertState.FIRING, tickWith(v), "flapped at " + v);
    }
    assertEquals(AlertState.FIRING, tickWith(5), "0 s below");
    assertEquals(AlertState.FIRING, tickWith(5), "1 s below");
    assertEquals(AlertState.FIRING, tickWith(5), "2 s below");
    assertEquals(AlertState.INACTIVE, tickWith(5), "3 s below the threshold resolves");
    tickWith(5);
    tickWith(5);
    assertEquals(List.of(AlertEvent.Kind.FIRING, AlertEvent.Kind.RESOLVED), kinds());
    assertTrue(alerts.statuses().get(0).lastResolved() != null);
  }

  @Test
  void noData_neverFires() throws Exception {
    alerts.addRule(AlertRules.quantile("Slow", "missing.timer", 0.99).above(Duration.ofMillis(1)).build());
    assertEquals(AlertState.INACTIVE, tickWith(0));
    assertEquals(List.of(), kinds());
  }

  @Test
  void percentileRule_firesOnATimersP99_andTheMessageNamesMetricAndValue() throws Exception {
    Timer t = monitor.timer("http.latency");
    alerts.addRule(AlertRules.quantile("SlowRequests", "http.latency", 0.99).above(Duration.ofMillis(200))
        .severity(Severity.CRITICAL).labels(Labels.of("team", "web"))
        .message("{{name}} [{{severity}}/{{labels.team}}]: p99 of {{metric}} is {{value}} s").build());
    for (int i = 0; i < 100; i++) {
      t.record(i < 95 ? 10 : 300, TimeUnit.MILLISECONDS);
    }
    tickWith(0);
    assertEquals(1, events.size());
    assertEquals("SlowRequests [critical/web]: p99 of http.latency is 0.3 s", events.get(0).message());
    assertFalse(alerts.healthy(), "a firing critical alert makes health DOWN");
  }

  /** The listener is the seam: verified for exactly one firing and one resolve, in that order, and nothing else. */
  @Test
  void aListenerHearsOneFiringThenOneResolve_withTheValueThatCrossed() throws Exception {
    AlertListener listener = mock(AlertListener.class);
    alerts.addListener(listener);
    alerts.addRule(AlertRules.threshold("High", "load").above(10).build());
    tickWith(3);
    tickWith(12.5);
    tickWith(13);
    tickWith(4);
    InOrder order = inOrder(listener);
    order.verify(listener).onEvent(argThat(e -> e.kind() == AlertEvent.Kind.FIRING && e.rule().equals("High")
        && e.value() == 12.5 && e.metric().equals("load")));
    order.verify(listener).onEvent(argThat(e -> e.kind() == AlertEvent.Kind.RESOLVED && e.value() == 4));
    verifyNoMoreInteractions(listener);
  }

  /** A rule that throws is a collaborator made to fail: counted, and the other rules still fire. */
  @Test
  void aRuleThatThrows_isCountedPerRule_andTheOthersStillFire() throws Exception {
    AlertRule broken = mock(AlertRule.class, Answers.CALLS_REAL_METHODS);
    doReturn("Broken").when(broken).name();
    doReturn(Severity.INFO).when(broken).severity();
    doThrow(new IllegalStateException("rule bug")).when(broken).evaluate(any());
    AlertListener listener = mock(AlertListener.class);
    alerts.addListener(listener);
    alerts.addRule(broken);
    alerts.addRule(AlertRules.threshold("High", "load").above(10).build());
    tickWith(11);
    tickWith(11);
    verify(broken, times(2)).evaluate(any());
    verify(listener).onEvent(argThat(e -> e.rule().equals("High") && e.kind() == AlertEvent.Kind.FIRING));
    verifyNoMoreInteractions(listener);
    AlertStatus status = alerts.statuses().stream().filter(x -> x.rule().equals("Broken")).findFirst().orElseThrow();
    assertEquals(2, status.evaluationErrors());
  }

  /** A rule whose message template throws on the tick costs only itself; one answering null is refused when added. */
  @Test
  void aRuleWhoseAccessorsFail_isRefusedOrIsolated() throws Exception {
    AlertRule nullTemplate = mock(AlertRule.class, Answers.CALLS_REAL_METHODS);
    doReturn("NullTemplate").when(nullTemplate).name();
    doReturn(Severity.INFO).when(nullTemplate).severity();
    doReturn(null).when(nullTemplate).messageTemplate();
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> alerts.addRule(nullTemplate));
    assertTrue(refused.getMessage().contains("'NullTemplate'") && refused.getMessage().contains("messageTemplate()"),
        refused.getMessage());
    AlertRule flaky = mock(AlertRule.class, Answers.CALLS_REAL_METHODS);
    doReturn("Flaky").when(flaky).name();
    doReturn(Severity.INFO).when(flaky).severity();
    doReturn(AlertEvaluation.active("load", 1)).when(flaky).evaluate(any());
    alerts.addRule(flaky);
    doThrow(new IllegalStateException("template bug")).when(flaky).messageTemplate();
    alerts.addRule(AlertRules.threshold("High", "load").above(10).build());
    tickWith(11);
    assertEquals(List.of(AlertEvent.Kind.FIRING), kinds(), "the well-behaved rule still fired");
    assertEquals(1, alerts.statuses().stream().filter(x -> x.rule().equals("Flaky")).findFirst().orElseThrow()
        .evaluationErrors());
  }

  @Test
  void throwingRuleAndThrowingListener_stopNothingElse() throws Exception {
    alerts.addRule(new AlertRule() {
      @Override
      public String name() {
        return "Broken";
      }

      @Override
      public Severity severity() {
        return Severity.INFO;
      }

      @Override
      public AlertEvaluation evaluate(MetricsView metrics) {
        throw new IllegalStateException("rule bug");
      }
    });
    alerts.addRule(AlertRules.threshold("High", "load").above(10).build());
    alerts.addListener(e -> {
      throw new IllegalStateException("listener bug");
    });
    List<AlertEvent> second = new CopyOnWriteArrayList<>();
    alerts.addListener(second::add);
    tickWith(11);
    assertEquals(1, second.size());
    assertEquals(1, alerts.listenerFailures());
    assertEquals(1, alerts.statuses().get(0).evaluationErrors());
  }

  @Test
  void awaitListeners_waitsForASlowListener_andAFullQueueDropsAndCounts() throws Exception {
    try (AlertManager small = AlertManager.builder().listenerQueue(1).build().attach(monitor)) {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      List<AlertEvent> seen = new CopyOnWriteArrayList<>();
      small.addRule(AlertRules.threshold("High", "load").above(10).build());
      small.addListener(e -> {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
        seen.add(e);
      });
      load.set(11);
      time.advance(Duration.ofSeconds(1));
      monitor.tick();                       // fires: the listener takes it and blocks
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      load.set(1);
      time.advance(Duration.ofSeconds(1));
      monitor.tick();                       // resolves: waits in the queue of one
      load.set(11);
      time.advance(Duration.ofSeconds(1));
      monitor.tick();                       // fires again: the queue is full, so it is dropped
      assertFalse(small.awaitListeners(Duration.ofMillis(50)), "a listener is still blocked");
      assertEquals(1, small.droppedEvents());
      release.countDown();
      assertTrue(small.awaitListeners(Duration.ofSeconds(10)));
      assertEquals(List.of(AlertEvent.Kind.FIRING, AlertEvent.Kind.RESOLVED),
          seen.stream().map(AlertEvent::kind).collect(Collectors.toList()));
    }
  }

  @Test
  void duplicateRuleNames_areRefusedNamingBothClasses() {
    alerts.addRule(AlertRules.threshold("Dup", "load").above(1).build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> alerts.addRule(AlertRules.rate("Dup", "load").above(1).build()));
    assertTrue(e.getMessage().startsWith("two alert rules are named 'Dup': io.perfkit.monitor.alert.ThresholdRule and"),
        e.getMessage());
  }

  @Test
  void rateRule_readsTheCountersRate() throws Exception {
    Counter errors = monitor.counter("errors");
    alerts.addRule(AlertRules.rate("ErrorBurst", "errors").above(5).build());
    errors.increment(3);
    assertEquals(AlertState.INACTIVE, tickWith(0));
    errors.increment(50);
    assertEquals(AlertState.FIRING, tickWith(0));
  }
}
