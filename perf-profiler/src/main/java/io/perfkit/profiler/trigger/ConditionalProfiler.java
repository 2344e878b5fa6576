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
 * Profiles when a condition holds (an error rate, a queue depth), sampled and rate
 * limited by a {@link ProfileTrigger}. The calling thread never waits for the capture: results
 * go to {@code sink} (a {@link ProfileCollector}, say) when they are ready.
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
   * Starts a capture of {@code type} for {@code duration} when {@code condition} holds and the
   * trigger agrees.
   *
   * @return true when a capture was started (or joined)
   */
  public boolean profileIf(ProfileType type, Duration duration, BooleanSupplier condition, ProfileTrigger trigger,
      Labels labels) {
    if (!condition.getAsBoolean() || !trigger.shouldProfile()) {
      return false;
    }
    profiler.capture(type, duration, labels.with(ProfileLabels.TRIGGER, trigger.name())).whenComplete((r, e) -> {
      if (e != null) {
        LOG.log(Level.INFO, "conditional " + type.wireName() + " profile for " + trigger.name() + " not taken: " + e.getMessage());
      } else {
        sink.accept(r);
      }
    });
    return true;
  }
}
