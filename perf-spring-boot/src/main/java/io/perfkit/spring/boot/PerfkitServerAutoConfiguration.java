package io.perfkit.spring.boot;

import io.perfkit.api.ServiceInstance;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.monitor.http.MonitorHttp;
import io.perfkit.profiler.capture.ContinuousRecorder;
import io.perfkit.profiler.capture.Profiler;
import io.perfkit.profiler.delivery.ProfileCollector;
import io.perfkit.profiler.http.DebugHttp;
import io.perfkit.profiler.trigger.RequestProfiler;
import java.net.InetSocketAddress;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Perfkit's endpoints: the monitor's ({@code /metrics}, {@code /health}, {@code /alerts},
 * {@code /prometheus}, with the service and instance on every series) and, when profiling is
 * on, the profiler's ({@code /debug/…}) on a {@link PerfkitServer} of their own; and, with the
 * actuator on the class path, an actuator endpoint {@code perfkit} that says where they are and
 * how Perfkit is doing.
 */
@AutoConfiguration(after = {PerfkitAutoConfiguration.class, PerfkitProfilingAutoConfiguration.class})
@ConditionalOnProperty(prefix = "perfkit", name = "enabled", matchIfMissing = true)
public class PerfkitServerAutoConfiguration {

  /** Created by Spring. */
  public PerfkitServerAutoConfiguration() {}

  /** The debug routes; closed after the server that serves them. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "perfkit.server", name = "enabled", matchIfMissing = true)
  @ConditionalOnBean({Profiler.class, ProfileStorage.class})
  public DebugHttp perfkitDebugHttp(Profiler profiler, ProfileStorage storage, ObjectProvider<ContinuousRecorder> recorder,
      PerfkitProperties properties) {
    DebugHttp.Builder b = DebugHttp.builder(profiler, storage);
    recorder.ifAvailable(b::continuousRecorder);
    String token = properties.getServer().getDebugToken();
    if (!token.isEmpty()) {
      b.bearerToken(token);
    }
    return b.build();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "perfkit.server", name = "enabled", matchIfMissing = true)
  public PerfkitServer perfkitServer(PerfkitProperties properties, Monitor monitor, ObjectProvider<AlertManager> alerts,
      ObjectProvider<DebugHttp> debug, ServiceInstance who) {
    PerfkitProperties.Server s = properties.getServer();
    InetSocketAddress address = new InetSocketAddress(s.getAddress(), s.getPort());
    return PerfkitServer.start(address, s.getThreads(), monitor, server -> {
      MonitorHttp.Builder endpoints = MonitorHttp.builder(monitor).exposedLabels(who.labels());
      alerts.ifAvailable(endpoints::alerts);
      endpoints.build().mount(server.server());
      debug.ifAvailable(d -> d.mount(server.server()));
    });
  }

  /** {@code /actuator/perfkit}, once the application exposes it. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class ActuatorConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PerfkitEndpoint perfkitEndpoint(Monitor monitor, ObjectProvider<PerfkitServer> server,
        ObjectProvider<AlertManager> alerts, ObjectProvider<ProfileCollector> collector,
        ObjectProvider<RequestProfiler> requests, ObjectProvider<ProfileStorage> storage) {
      return new PerfkitEndpoint(monitor, server, alerts, collector, requests, storage);
    }
  }
}
