package io.perfkit.spring.boot;

import io.perfkit.api.ServiceInstance;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.monitor.alert.AlertEvent;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.ContainerMetrics;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.profiler.trigger.AlertCaptures;
import io.perfkit.profiler.trigger.RequestProfiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Profiles and where they go: the storage a URI names, the collector that hands captures to it
 * (each labelled with the service and instance), the on-demand profiler, the always-on flight
 * recorder, the request profiler that cuts slow requests from it, and the captures firing health
 * rules take. Recordings and captures are written under a temporary directory of the JVM's own
 * and removed on shutdown; the profiles the storage keeps stay.
 */
@AutoConfiguration(after = PerfkitAutoConfiguration.class)
@ConditionalOnProperty(prefix = "perfkit", name = {"enabled", "profiling.enabled"}, matchIfMissing = true)
public class PerfkitProfilingAutoConfiguration {

  /** Created by Spring. */
  public PerfkitProfilingAutoConfiguration() {}

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public ProfileStorage perfkitProfileStorage(PerfkitProperties properties) throws IOException {
    return ProfileStorages.open(properties.getStorage().getUri());
  }

  /**
   * Stores what it is handed, on a thread of its own. Spring closes it after the request profiler
   * (which hands it profiles), and its close waits up to 10 s for the queue: nothing is lost.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public ProfileCollector perfkitProfileCollector(ProfileStorage storage, ServiceInstance who) {
    return ProfileCollector.builder(storage).fleet(who).build();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Profiler perfkitProfiler() throws IOException {
    return Profiler.builder().workDir(Files.createTempDirectory("perfkit-captures")).build();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public ContinuousRecorder perfkitContinuousRecorder(PerfkitProperties properties) throws IOException {
    PerfkitProperties.Profiling p = properties.getProfiling();
    Path dir = Files.createTempDirectory("perfkit-continuous");
    return ContinuousRecorder.builder(dir).maxAge(p.getMaxAge()).maxSize(p.getMaxSize().toBytes()).build().start();
  }

  /** Closed before the collector and the recorder it uses; waits up to 10 s for its snapshots. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public RequestProfiler perfkitRequestProfiler(ContinuousRecorder recorder, ProfileCollector collector,
      PerfkitProperties properties, ObjectProvider<ContainerMetrics> container) {
    PerfkitProperties.Requests r = properties.getRequests();
    RequestProfiler.Builder b = RequestProfiler.builder(recorder, collector::submit).thresholds(r.getSlow(), r.getVerySlow())
        .threadCpuTime(r.isThreadCpuTime());
    container.ifAvailable(b::cpuThrottling);  // a slow request's profile says how long the CPU quota held it back
    return b.build();
  }

  /**
   * A firing health rule takes the profile its {@code profile} label names (a heap histogram for
   * heap pressure, a thread dump for a deadlock, …), one per rule per cooldown.
   */
  @Bean
  @ConditionalOnMissingBean
  public AlertCaptures perfkitAlertCaptures(Profiler profiler, ProfileCollector collector,
      ObjectProvider<AlertManager> alerts, PerfkitProperties properties) {
    AlertCaptures captures = AlertCaptures.builder(profiler, collector::submit)
        .duration(properties.getProfiling().getAlertCapture()).build();
    alerts.ifAvailable(manager -> manager.addListener(e -> {
      if (e.kind() == AlertEvent.Kind.FIRING) {
        captures.fired(e.rule(), e.labels());
      }
    }));
    return captures;
  }
}
