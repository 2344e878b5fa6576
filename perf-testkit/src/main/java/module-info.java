/**
 * The test kit: {@link io.perfkit.testkit.ProfileStorageContract}, an abstract JUnit test every
 * {@link io.perfkit.api.storage.ProfileStorage} implementation extends; {@link
 * io.perfkit.testkit.InMemoryProfileStorage}, the reference storage it is proved against; and
 * {@link io.perfkit.testkit.ManualTimeSource}, the {@link io.perfkit.api.TimeSource} a test moves
 * by hand.
 */
module io.perfkit.testkit {
  requires transitive io.perfkit.api;
  requires transitive org.junit.jupiter.api;
  requires org.junit.jupiter.params;

  exports io.perfkit.testkit;
  opens io.perfkit.testkit to org.junit.platform.commons;
}
