package io.perfkit.profiler.trigger;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.capture.ThreadDumps;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Starts the capture a trigger decided on, without waiting for it: the result goes to the sink,
 * a failure to the caller's handler. A thread dump taken while threads are deadlocked names them
 * and their locks in the labels {@code deadlock.threads} and {@code deadlock.locks}, whatever
 * asked for it.
 */
final class TriggeredCapture {

  private TriggeredCapture() {}

  /**
   * Refuses, when a trigger is built, a capture duration its profiler would refuse at every
   * firing.
   */
  static void checkWithin(String what, Duration duration, Profiler profiler) {
    if (duration.compareTo(profiler.maxDuration()) > 0) {
      throw new IllegalArgumentException(what + " " + duration + " is longer than the profiler's maxDuration "
          + profiler.maxDuration());
    }
  }

  static void start(Profiler profiler, ProfileType type, Duration duration, Labels labels,
      Consumer<CaptureResult> sink, Consumer<Throwable> failed) {
    Labels all = type == ProfileType.THREAD_DUMP ? labels.withAll(deadlockLabels()) : labels;
    profiler.capture(type, duration, all).whenComplete((result, error) -> {
      if (error != null) {
        failed.accept(error);
      } else {
        sink.accept(result);
      }
    });
  }

  private static Labels deadlockLabels() {
    List<ThreadDumps.Deadlock> d = ThreadDumps.deadlocks();
    if (d.isEmpty()) {
      return Labels.empty();
    }
    String threads = d.stream().map(ThreadDumps.Deadlock::thread).collect(Collectors.joining(","));
    String locks = d.stream().map(ThreadDumps.Deadlock::lock).distinct().collect(Collectors.joining(","));
    return Labels.of("deadlock.threads", clip(threads), "deadlock.locks", clip(locks));
  }

  private static String clip(String s) {
    return s.length() > 1024 ? s.substring(0, 1021) + "..." : s;
  }
}
