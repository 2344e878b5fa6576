package io.perfkit.monitorprobe;

import io.perfkit.api.alert.AlertRule;

/** Run in a JVM of its own, outside the monitor module's packages (no split package on the module path): prints the names of the alert rules ServiceLoader finds, sorted. */
public final class ShippedRulesProbe {

  private ShippedRulesProbe() {}

  public static void main(String[] args) {
    System.out.println(new java.util.TreeSet<>(AlertRule.installed().all().stream().map(AlertRule::name).toList()));
  }
}
