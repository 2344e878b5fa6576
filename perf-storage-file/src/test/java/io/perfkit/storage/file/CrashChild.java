package io.perfkit.storage.file;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link CrashRecoveryTest}: stores seeded profiles forever, printing
 * {@code stored ID SEED} after each store returns, until the parent kills it.
 */
public final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long firstSeed = Long.parseLong(args[1]);
    FileProfileStorage storage = FileProfileStorage.builder(dir).open();
    System.out.println("open " + ProcessHandle.current().pid());
    System.out.flush();
    for (long seed = firstSeed; ; seed++) {
      String id = StorageFixtures.store(storage, seed, seed % 1000).id();
      System.out.println("stored " + id + " " + seed);
      System.out.flush();
    }
  }
}
