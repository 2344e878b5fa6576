package io.perfkit.examples;

import io.perfkit.api.alert.AlertRule;
import io.perfkit.api.kernel.Kernel;
import io.perfkit.api.spi.SpiLoader;
import io.perfkit.api.storage.ProfileStorageProvider;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** Lists what ServiceLoader finds on this class path: storages, kernels and alert rules. */
final class InstalledProgram implements ExampleProgram {

  @Override
  public String name() {
    return "installed";
  }

  @Override
  public String summary() {
    return "list the storage schemes, kernels and alert rules found by ServiceLoader";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: java -jar perf-examples.jar installed",
        "",
        "Lists every provider of Perfkit's three SPIs that java.util.ServiceLoader finds:",
        "profile storages by URI scheme, kernels by operation/variant (with the reason a",
        "variant cannot run here, such as a missing --add-modules jdk.incubator.vector),",
        "and alert rules by name. A jar of your own on the class path shows up here.");
  }

  @Override
  public int run(List<String> args, PrintStream out) {
    Args.parse(args, Set.of(), Set.of());
    SpiLoader<ProfileStorageProvider> storages = ProfileStorageProvider.installed();
    out.println("profile storages (" + storages.names().size() + "):");
    for (ProfileStorageProvider p : storages.all()) {
      out.printf("  %-12s %s%n", p.scheme() + ":", p.getClass().getName());
    }
    SpiLoader<Kernel> kernels = Kernel.installed();
    out.println("kernels (" + kernels.names().size() + "):");
    for (Kernel k : kernels.all()) {
      out.printf("  %-22s %s%s%n", k.key(), k.description(),
          k.unavailableReason().map(r -> " [unavailable: " + r + "]").orElse(""));
    }
    SpiLoader<AlertRule> rules = AlertRule.installed();
    out.println("alert rules (" + rules.names().size() + "):");
    for (AlertRule r : rules.all()) {
      out.printf("  %-22s %s%n", r.name(), r.severity().wireName());
    }
    return 0;
  }
}
