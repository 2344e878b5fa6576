/**
 * Perfkit's service-provider interfaces and the value types they need. This module depends on
 * the JDK alone.
 *
 * <ul>
 *   <li>{@link io.perfkit.api.storage.ProfileStorageProvider}: storages opened by URI scheme
 *       through {@link io.perfkit.api.storage.ProfileStorages}.</li>
 *   <li>{@link io.perfkit.api.kernel.Kernel}: one variant of one numeric operation; third-party
 *       variants join the race harness.</li>
 *   <li>{@link io.perfkit.api.alert.AlertRule}: rules evaluated by the monitor's alert manager.</li>
 * </ul>
 *
 * <p>Providers are declared with {@code provides … with …} in their module and with a
 * {@code META-INF/services} file, so that module-path and class-path users both find them.
 *
 * @uses io.perfkit.api.storage.ProfileStorageProvider
 * @uses io.perfkit.api.kernel.Kernel
 * @uses io.perfkit.api.alert.AlertRule
 */
module io.perfkit.api {
  exports io.perfkit.api;
  exports io.perfkit.api.storage;
  exports io.perfkit.api.kernel;
  exports io.perfkit.api.alert;
  exports io.perfkit.api.spi;

  uses io.perfkit.api.storage.ProfileStorageProvider;
  uses io.perfkit.api.kernel.Kernel;
  uses io.perfkit.api.alert.AlertRule;
}
