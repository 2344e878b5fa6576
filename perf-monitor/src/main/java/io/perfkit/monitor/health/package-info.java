/**
 * JVM health rules shipped by {@link java.util.ServiceLoader}: GC overhead, heap after GC,
 * allocation rate, metaspace, thread count, deadlock and safepoint time, each labelled with the
 * profile type to capture when it fires.
 */
package io.perfkit.monitor.health;
