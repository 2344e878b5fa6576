package io.perfkit.monitor;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A subscriber's bounded queue and the thread that serves it. The monitor's tick offers each
 * update without waiting; when the queue is full the update is dropped and counted. Each
 * subscription has its own daemon thread, so a slow or blocked subscriber delays neither the
 * monitor nor any other subscriber. A consumer that throws is logged and keeps receiving.
 * {@link #close()} unsubscribes and stops the thread.
 */
public final class Subscription implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Subscription.class.getName());

  private final String description;
  private final Predicate<String> filter;
  private final Consumer<MetricUpdate> consumer;
  private final BlockingQueue<MetricUpdate> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final Thread thread;
  private final Runnable onClose;
  private volatile boolean closed;

  Subscription(String description, Predicate<String> filter, Consumer<MetricUpdate> consumer, int capacity,
      Runnable onClose) {
    this.description = description;
    this.filter = filter;
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.onClose = onClose;
    this.thread = new Thread(this::serve, "perfkit-subscriber-" + description);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  boolean accepts(String metric) {
    return filter.test(metric);
  }

  /** Called by the tick: never waits. */
  void offer(MetricUpdate update) {
    if (closed || !queue.offer(update)) {
      dropped.incrementAndGet();
    }
  }

  private void serve() {
    while (!closed) {
      MetricUpdate u;
      try {
        u = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (u == null) {
        continue;
      }
      try {
        consumer.accept(u);
        delivered.incrementAndGet();
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        LOG.log(Level.WARNING, "subscriber " + description + " failed on " + u.metric() + ": " + e, e);
      }
    }
  }

  /** Updates dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Updates handed to the consumer. */
  public long delivered() {
    return delivered.get();
  }

  /** Updates on which the consumer threw. */
  public long failures() {
    return failures.get();
  }

  /** Updates waiting in the queue. */
  public int queued() {
    return queue.size();
  }

  /** What this subscription listens to. */
  public String description() {
    return description;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      onClose.run();
      thread.interrupt();
    }
  }
}
