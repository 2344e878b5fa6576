package io.perfkit.micrometer;

import io.micrometer.core.instrument.AbstractMeter;
import io.micrometer.core.instrument.Counter;

/**
 * A Micrometer counter that is a Perfkit counter. Whole increments go straight to it; fractional
 * ones are summed here and carried over in whole units, so Perfkit's count is the whole part of
 * Micrometer's and {@link #count()} adds the fraction back.
 */
final class BridgedCounter extends AbstractMeter implements Counter {

  private final io.perfkit.monitor.Counter counter;
  private double fraction;  // guarded by this

  BridgedCounter(Id id, io.perfkit.monitor.Counter counter) {
    super(id);
    this.counter = counter;
  }

  @Override
  public void increment(double amount) {
    if (!(amount > 0) || Double.isInfinite(amount)) {
      return;  // a counter only goes up; Micrometer's own counters take any amount, Prometheus none below zero
    }
    long whole = (long) amount;
    if (whole == amount) {
      counter.increment(whole);
      return;
    }
    synchronized (this) {
      fraction += amount;
      long carry = (long) fraction;
      if (carry > 0) {
        fraction -= carry;
        counter.increment(carry);
      }
    }
  }

  @Override
  public double count() {
    synchronized (this) {
      return counter.count() + fraction;
    }
  }
}
