package io.perfkit.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.perfkit.api.ServiceInstance;
import io.perfkit.api.alert.AlertRule;
import io.perfkit.micrometer.PerfkitMeterRegistry;
import io.perfkit.monitor.ContainerMetrics;
import io.perfkit.monitor.JvmMetrics;
import io.perfkit.monitor.Monitor;
import io.perfkit.monitor.alert.AlertManager;
import io.perfkit.profiler.trigger.RequestProfiler;
import io.perfkit.servlet.PerfkitFilter;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The monitor, the JVM's metrics, the health rules, Perfkit as a Micrometer registry and the
 * request filter. Each bean steps back when the application declares one of its type, and each
 * part has a {@code perfkit.*.enabled} switch.
 *
 * <p>The registry is ordered before Spring Boot's own registry configurations (the class names
 * of both the 3.x and the 4.x lines), so that an application with no other registry gets
 * Perfkit's instead of a {@code SimpleMeterRegistry}, and one with others gets a composite of
 * all.
 */
@AutoConfiguration(beforeName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnProperty(prefix = "perfkit", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(PerfkitProperties.class)
public class PerfkitAutoConfiguration {

  /** Created by Spring. */
  public PerfkitAutoConfiguration() {}

  /** Where the servlet filter sits: inside Spring's own request observation, outside the rest. */
  public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

  /** The service ({@code perfkit.service}, else {@code spring.application.name}) and instance. */
  @Bean
  @ConditionalOnMissingBean
  public ServiceInstance perfkitServiceInstance(PerfkitProperties properties, Environment environment) {
    String service = properties.getService().isBlank()
        ? environment.getProperty("spring.application.name", "application")
        : properties.getService();
    return ServiceInstance.fromEnvironment(service);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Monitor perfkitMonitor(PerfkitProperties properties) {
    PerfkitProperties.Monitor m = properties.getMonitor();
    return Monitor.builder().window(m.getWindow(), m.getWindowSlots()).build().start();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "perfkit.monitor", name = "jvm-metrics", matchIfMissing = true)
  public JvmMetrics perfkitJvmMetrics(Monitor monitor) {
    return JvmMetrics.builder(monitor).build();
  }

  /** The container's CPU quota, throttling and memory limit, where there are any; nothing elsewhere. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "perfkit.monitor", name = "jvm-metrics", matchIfMissing = true)
  public ContainerMetrics perfkitContainerMetrics(Monitor monitor) {
    return ContainerMetrics.builder(monitor).build();
  }

  /** The shipped JVM health rules and every {@link AlertRule} bean, evaluated on each tick. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "perfkit.alerts", name = "enabled", matchIfMissing = true)
  public AlertManager perfkitAlertManager(Monitor monitor, ObjectProvider<AlertRule> rules) {
    List<AlertRule> own = rules.orderedStream().collect(Collectors.toList());
    return AlertManager.builder().build().addInstalledRules().addRules(own).attach(monitor);
  }

  /** Perfkit as a Micrometer registry: Spring's meters reach the monitor, its history and alerts. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnProperty(prefix = "perfkit.micrometer", name = "enabled", matchIfMissing = true)
  static class MicrometerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PerfkitMeterRegistry perfkitMeterRegistry(Monitor monitor, ObjectProvider<JvmMetrics> jvm) {
      PerfkitMeterRegistry registry = PerfkitMeterRegistry.builder(monitor).build();
      if (jvm.getIfAvailable() != null) {
        // Perfkit's JVM metrics write process_uptime_seconds, the series Micrometer's uptime
        // meter would write: one series, not a refused meter and a warning at every start
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.uptime")));
      }
      return registry;
    }
  }

  /**
   * The filter: every request goes to the request profiler; requests are timed by route unless
   * Spring's own observation times {@code http.server.requests}, in which case the filter leaves
   * that metric to Spring (one family, counted once).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "jakarta.servlet.Filter")
  @ConditionalOnProperty(prefix = "perfkit.requests", name = "enabled", matchIfMissing = true)
  static class ServletConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "perfkitFilter")
    FilterRegistrationBean<PerfkitFilter> perfkitFilter(Monitor monitor, ObjectProvider<RequestProfiler> profiler,
        PerfkitProperties properties) {
      PerfkitFilter.Builder builder = PerfkitFilter.builder(monitor).maxRoutes(properties.getRequests().getMaxRoutes());
      profiler.ifAvailable(builder::requestProfiler);
      FilterRegistrationBean<PerfkitFilter> registration = new FilterRegistrationBean<>(builder.build());
      registration.setName("perfkitFilter");
      registration.setOrder(FILTER_ORDER);
      registration.setAsyncSupported(true);
      return registration;
    }
  }
}
