package io.perfkit.monitor;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where a tick's snapshot goes after it is taken: every metric's history, the subscriptions
 * whose filter takes the metric (each with its own bounded queue and thread, so a slow
 * subscriber drops its own updates and delays no one), and the tick listeners, called in order
 * on the tick thread with a failure logged rather than passed on.
 */
final class FanOut {

  private static final System.Logger LOG = System.getLogger(FanOut.class.getName());

  private final int subscriberCapacity;
  private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Consumer<MonitorSnapshot>> tickListeners = new CopyOnWriteArrayList<>();

  FanOut(int subscriberCapacity) {
    this.subscriberCapacity = subscriberCapacity;
  }

  void publish(MonitorSnapshot snapshot, MeterTable registry) {
    for (Map.Entry<String, MetricSample> e : snapshot.samples().entrySet()) {
      Map<String, Double> fields = e.getValue().fields();
      registry.get(e.getKey()).history().add(snapshot.time(), fields);
      if (!subscriptions.isEmpty()) {
        MetricUpdate update = new MetricUpdate(snapshot.time(), e.getKey(), e.getValue().kind(), fields);
        for (Subscription sub : subscriptions) {
          if (sub.accepts(e.getKey())) {
            sub.offer(update);
          }
        }
      }
    }
    for (Consumer<MonitorSnapshot> l : tickListeners) {
      try {
        l.accept(snapshot);
      } catch (RuntimeException ex) {
        LOG.log(Level.WARNING, "tick listener " + l + " failed: " + ex, ex);
      }
    }
  }

  Subscription subscribe(String description, Predicate<String> filter, Consumer<MetricUpdate> consumer) {
    Subscription[] holder = new Subscription[1];
    Subscription s = new Subscription(description, filter, consumer, subscriberCapacity,
        () -> subscriptions.remove(holder[0]));
    holder[0] = s;
    subscriptions.add(s);
    s.start();
    return s;
  }

  int subscriptions() {
    return subscriptions.size();
  }

  void addTickListener(Consumer<MonitorSnapshot> listener) {
    tickListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void removeTickListener(Consumer<MonitorSnapshot> listener) {
    tickListeners.remove(listener);
  }

  void close() {
    for (Subscription s : subscriptions) {
      s.close();
    }
  }
}
