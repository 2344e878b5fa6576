package io.perfkit.profiler.analysis;

import io.perfkit.api.Labels;
import io.perfkit.api.ProfileLabels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Ten minutes of one-minute continuous chunks from two instances of checkout (and of search),
 * stored as continuous profiles stores them: minutes 0–4 spend 60 samples in pricing and 40 in
 * tax a chunk, minutes 5–9 twice that in tax.
 */
public final class ChunkFixture {

  /** When the first chunk begins. */
  public static final Instant T0 = Instant.parse("2026-12-04T14:00:00Z");

  private ChunkFixture() {}

  /** One chunk's compact stacks: checkout's CPU split between pricing and tax. */
  public static String chunk(long price, long tax) {
    return StackProfile.STACKS_HEADER + " type=cpu events=" + (price + tax) + " kind=jdk.ExecutionSample names=4\n"
        + "Thread.run\nShop.checkout\nShop.price\nShop.tax\n"
        + "0;1;2 " + price + "\n"
        + "0;1;3 " + tax + "\n";
  }

  /** Stores a one-minute continuous profile of {@code service} on {@code instance}. */
  public static void store(ProfileStorage storage, String service, String instance, int minute, String format,
      String content) throws IOException {
    Labels labels = Labels.of(ProfileLabels.SERVICE, service, ProfileLabels.INSTANCE, instance,
        ProfileLabels.TRIGGER, ProfileMerge.CONTINUOUS);
    storage.store(new ProfileMetadata(ProfileType.CPU, T0.plus(Duration.ofMinutes(minute)), Duration.ofMinutes(1), format,
        labels), new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** The ten minutes, each chunk with the recording it was cut from beside it. */
  public static void tenMinutesFromTwoInstances(ProfileStorage storage) throws IOException {
    for (String instance : List.of("pod-a", "pod-b")) {
      for (int minute = 0; minute < 10; minute++) {
        store(storage, "checkout", instance, minute, ProfileMerge.FORMAT, chunk(60, minute < 5 ? 40 : 80));
        // the chunk's recording beside it: its compact form stands for it, so it is never parsed
        store(storage, "checkout", instance, minute, "jfr", "not parsed");
        store(storage, "search", instance, minute, ProfileMerge.FORMAT, chunk(5, 5));
      }
    }
  }
}
