package com.example.perfkit;

import io.perfkit.api.ProfileLabels;
import io.perfkit.api.ServiceInstance;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.profiler.analysis.MethodStat;
import io.perfkit.profiler.analysis.ProfileMerge;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.profiler.trigger.ContinuousProfiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The README's continuous-profiles example: the always-on recording cut into chunks, stored, and
 * the last hour merged back. Needs perf-profiler and perf-storage-file.
 */
public final class ContinuousExample {

  private ContinuousExample() {}

  /** Runs the example for a few seconds of work; returns the merged hour's top methods. */
  public static List<MethodStat> run(Path dir) throws Exception {
    // readme:continuous
    ProfileStorage storage = ProfileStorages.open("file:" + dir.resolve("profiles"));   // or s3://… that a fleet shares
    ContinuousRecorder recorder = ContinuousRecorder.builder(dir.resolve("recording"))
        .maxAge(Duration.ofMinutes(5)).maxSize(64L << 20).build().start();
    ProfileCollector collector = ProfileCollector.builder(storage)
        .fleet(new ServiceInstance("checkout", "pod-1")).build();                     // service and instance labels
    ContinuousProfiles chunks = ContinuousProfiles.builder(recorder, collector)
        .interval(Duration.ofSeconds(1)).build().start();                            // a minute unless set
    Work.hotLoop(3_000);                                                             // the application runs
    chunks.close();
    collector.close(Duration.ofSeconds(30));
    ProfileMerge.Result hour = ProfileMerge.builder(storage).build().merge(ProfileQuery.builder()
        .types(ProfileType.CPU).label(ProfileLabels.SERVICE, "checkout")
        .since(Instant.now().minus(Duration.ofHours(1))).build());                  // what /debug/merge answers
    System.out.println(hour.merged().size() + " chunks merged; top: " + hour.profile().topSelf(3));
    recorder.close();
    storage.close();
    // end
    return hour.profile().topSelf(3);
  }
}
