/**
 * Perfkit's Spring Boot auto-configuration. Spring Boot's jars carry no module descriptors (their
 * Automatic-Module-Names are used), and Spring creates the configuration classes reflectively, so
 * the package is open to it.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.perfkit.spring.boot {
  requires transitive io.perfkit.monitor;
  requires transitive io.perfkit.micrometer;
  requires transitive io.perfkit.servlet;
  requires transitive io.perfkit.profiler;
  requires io.perfkit.http;
  requires transitive spring.boot;
  requires transitive spring.boot.autoconfigure;
  requires static spring.boot.actuator;
  requires transitive spring.beans;
  requires transitive spring.context;
  requires transitive spring.core;

  exports io.perfkit.spring.boot;
  opens io.perfkit.spring.boot to spring.core, spring.beans, spring.context;
}
