package io.perfkit.http;

/**
 * How busy a server's handler pool is at one moment: what an overloaded application looks like
 * from the inside, read without taking a handler thread.
 *
 * @param handlerThreads the pool's threads
 * @param busy threads running an exchange now
 * @param queued exchanges accepted and waiting for a thread: each of them is a client waiting
 *     longer than the handler takes
 * @param queueCapacity exchanges that may wait before the server closes new ones
 * @param rejected exchanges closed unanswered since the server started, because every thread was
 *     busy and the queue full
 */
public record HandlerLoad(int handlerThreads, int busy, int queued, int queueCapacity, long rejected) {

  public HandlerLoad {
    if (handlerThreads < 1 || busy < 0 || queued < 0 || queueCapacity < 0 || rejected < 0) {
      throw new IllegalArgumentException("handler load (" + handlerThreads + " threads, " + busy + " busy, " + queued
          + " queued, capacity " + queueCapacity + ", " + rejected + " rejected) has a negative count or no thread");
    }
  }

  /**
   * True when every handler thread is busy and at least one exchange waits for one: a new request
   * now waits for others to finish before it starts, so the application's latency is no longer
   * its own code's.
   */
  public boolean saturated() {
    return busy >= handlerThreads && queued > 0;
  }
}
