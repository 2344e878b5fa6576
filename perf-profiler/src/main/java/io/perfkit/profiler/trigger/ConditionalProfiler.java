package io.perfkit.profiler.trigger;

import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.capture.CaptureResult;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.delivery.ProfileCollector;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Profiles when a condition the application sees holds (an error rate, a queue depth), sampled
 * and rate limited by a {@link ProfileTrigger}: the course's conditional profiling, checked at
 * a call site. The {@link Watchdog} runs the same check on a schedule. The calling thread never
 * waits for the capture: results go to {@code sink} (a {@link ProfileCollector}, say) when they
 * are ready.
 *
 * <pre>{@code
 * ConditionalProfiler conditional = new ConditionalProfiler(profiler, collector::submit);
 * ProfileTrigger backlogged = ProfileTrigger.builder("backlog").sampleRate(1).rateLimit(1, Duration.ofMinutes(5)).build();
 * conditional.profileIf(ProfileType.CPU, Duration.ofSeconds(10), () -> queue.size() > 10_000, backlogged, Labels.empty());
 * }</pre>
 *
 * The JVM's own conditions (heap after GC, deadlocks, threads, GC overhead) are the monitor's
 * JVM health rules, captured through {@link AlertCaptures}.
 */
public final class ConditionalProfiler {

  private static final System.Logger LOG = System.getLogger(ConditionalProfiler.class.getName());

  private final Profiler profiler;
  private final Consumer<CaptureResult> sink;

  public ConditionalProfiler(Profiler profiler, Consumer<CaptureResult> sink) {
    this.profiler = Objects.requireNonNull(profiler, "profiler");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /**
   * Starts a capture of {@code type} for {@code duration}, labelled {@code trigger=NAME} with the
   * trigger's name, when {@code condition} holds and the trigger agrees. The trigger is asked
   * only when the condition holds.
   *
   * @return true when a capture was started (or joined)
   */
  public boolean profileIf(ProfileType type, Duration duration, BooleanSupplier condition, ProfileTrigger trigger,
      Labels labels) {
    if (!condition.getAsBoolean() || !trigger.shouldProfile()) {
      return false;
    }
    TriggeredCapture.start(profiler, type, duration, labels.with(ProfileLabels.TRIGGER, trigger.name()), sink,
        e -> LOG.log(Level.INFO, "conditional " + type.wireName() + " profile for " + trigger.name() + " not taken: "
            + e.getMessage()));
    return true;
  }
}
