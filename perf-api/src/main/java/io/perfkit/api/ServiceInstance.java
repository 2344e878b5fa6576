package io.perfkit.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;

/**
 * Which service a JVM belongs to and which instance of it this is: the two labels by which a
 * fleet's profiles and metrics are told apart and joined. The collector puts them on every
 * profile ({@link ProfileLabels#SERVICE}, {@link ProfileLabels#INSTANCE}) and the monitor's
 * Prometheus exposition can carry them on every series, so the profile that one pod took and
 * that pod's p99 carry the same {@code instance}.
 *
 * @param service the service's name, a valid label value
 * @param instance this instance's name (a host or pod name), a valid label value
 */
public record ServiceInstance(String service, String instance) {

  /** The variable read for the service's name by {@link #fromEnvironment(String)}. */
  public static final String SERVICE_VARIABLE = "PERFKIT_SERVICE";
  /** The variable read for the instance's name by {@link #fromEnvironment(String)}. */
  public static final String INSTANCE_VARIABLE = "PERFKIT_INSTANCE";

  /**
   * @throws IllegalArgumentException naming a value that is not a valid label value, or empty
   */
  public ServiceInstance {
    Identifiers.checkLabelValue(ProfileLabels.SERVICE, service);
    Identifiers.checkLabelValue(ProfileLabels.INSTANCE, instance);
    if (service.isBlank() || instance.isBlank()) {
      throw new IllegalArgumentException("service " + Identifiers.quote(service) + " and instance "
          + Identifiers.quote(instance) + " must not be blank");
    }
  }

  /**
   * From the environment: the service from {@value #SERVICE_VARIABLE}, else {@code service};
   * the instance from {@value #INSTANCE_VARIABLE}, else {@code HOSTNAME} (a Kubernetes pod's
   * name), else the local host's name.
   */
  public static ServiceInstance fromEnvironment(String service) {
    return fromEnvironment(System.getenv(), SERVICE_VARIABLE, INSTANCE_VARIABLE, service);
  }

  /**
   * From variables the caller names, for platforms that set their own ({@code K_SERVICE},
   * {@code POD_NAME}, {@code ECS_CONTAINER_METADATA_URI} aside): the service from
   * {@code serviceVariable}, else {@code defaultService}; the instance from
   * {@code instanceVariable}, else {@code HOSTNAME}, else the local host's name.
   *
   * @param env the environment to read, usually {@link System#getenv()}
   */
  public static ServiceInstance fromEnvironment(Map<String, String> env, String serviceVariable, String instanceVariable,
      String defaultService) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(defaultService, "defaultService");
    String service = nonBlank(env.get(Objects.requireNonNull(serviceVariable, "serviceVariable")));
    String instance = nonBlank(env.get(Objects.requireNonNull(instanceVariable, "instanceVariable")));
    if (instance == null) {
      instance = nonBlank(env.get("HOSTNAME"));
    }
    if (instance == null) {
      instance = localHostName();
    }
    return new ServiceInstance(service != null ? service : defaultService, instance);
  }

  /** The two labels: {@code service} and {@code instance}. */
  public Labels labels() {
    return Labels.of(ProfileLabels.SERVICE, service, ProfileLabels.INSTANCE, instance);
  }

  private static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
