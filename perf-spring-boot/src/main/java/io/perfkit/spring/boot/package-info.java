/**
 * Perfkit for a Spring Boot application from one dependency: {@link
 * io.perfkit.spring.boot.PerfkitAutoConfiguration} (the monitor, JVM metrics, health rules, the
 * Micrometer registry, the request filter), {@link
 * io.perfkit.spring.boot.PerfkitProfilingAutoConfiguration} (storage, collector, the always-on
 * continuous recorder, slow-request and alert profiles) and {@link
 * io.perfkit.spring.boot.PerfkitServerAutoConfiguration} (Perfkit's endpoints on a port of their
 * own, and {@code /actuator/perfkit}), configured by {@link io.perfkit.spring.boot.PerfkitProperties}.
 */
package io.perfkit.spring.boot;
