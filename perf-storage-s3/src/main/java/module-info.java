/**
 * A profile storage in an S3 bucket, registered for the {@code s3} URI scheme: profiles that
 * outlive the instance that took them, and one bucket that a fleet of JVMs writes and any of
 * them queries.
 *
 * @provides io.perfkit.api.storage.ProfileStorageProvider for {@code s3:} URIs
 */
// The AWS SDK for Java v2 ships no module descriptors; its jars name themselves with
// Automatic-Module-Name, and none of its types appear in this module's API. The name ends in
// "s3" because the scheme does; javac's advice against a terminal digit is noted and declined.
@SuppressWarnings({"requires-automatic", "module"})
module io.perfkit.storage.s3 {
  requires transitive io.perfkit.api;
  requires software.amazon.awssdk.services.s3;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.identity.spi;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.urlconnection;
  requires software.amazon.awssdk.utils;
  // The SDK logs through SLF4J but, as automatic modules, its jars cannot say so: without this,
  // SLF4J's named module stays out of the graph on the module path and the SDK fails to load.
  requires org.slf4j;

  exports io.perfkit.storage.s3;

  provides io.perfkit.api.storage.ProfileStorageProvider
      with io.perfkit.storage.s3.S3ProfileStorageProvider;
}
