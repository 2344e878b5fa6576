/**
 * The Micrometer bridge: a Micrometer {@code MeterRegistry} backed by Perfkit's monitor.
 */
// micrometer-core ships no module descriptor; its Automatic-Module-Name is micrometer.core, and
// this module's API is a Micrometer MeterRegistry, so users need it too.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.perfkit.micrometer {
  requires transitive io.perfkit.monitor;
  requires transitive micrometer.core;

  exports io.perfkit.micrometer;
}
