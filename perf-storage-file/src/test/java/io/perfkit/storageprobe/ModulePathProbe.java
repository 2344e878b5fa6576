package io.perfkit.storageprobe;

import io.perfkit.api.storage.ProfileStorages;

/** Run in a child JVM by ModulePathDiscoveryTest (in a package of its own, since a class-path class cannot share a package with a named module): prints what ServiceLoader finds. */
public final class ModulePathProbe {

  private ModulePathProbe() {}

  public static void main(String[] args) {
    System.out.println("api module named: " + ProfileStorages.class.getModule().isNamed());
    System.out.println("schemes: " + ProfileStorages.installedSchemes());
  }
}
