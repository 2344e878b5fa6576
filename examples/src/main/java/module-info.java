/**
 * Runnable example programs: {@code java -jar perf-examples.jar} lists them. The module also
 * carries an example storage plugin, the {@code zip:} scheme.
 *
 * @provides io.perfkit.api.storage.ProfileStorageProvider the example {@code zip:} storage
 */
module io.perfkit.examples {
  requires transitive io.perfkit.api;
  requires io.perfkit.kernels;
  requires io.perfkit.monitor;
  requires io.perfkit.micrometer;
  requires io.perfkit.servlet;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.ee10.servlet;
  requires io.perfkit.profiler;
  requires io.perfkit.storage.file;
  requires java.management;
  requires jdk.jfr;
  requires jdk.httpserver;
  requires java.net.http;
  requires com.fasterxml.jackson.databind;

  exports io.perfkit.examples.zipstore;

  provides io.perfkit.api.storage.ProfileStorageProvider
      with io.perfkit.examples.zipstore.ZipProfileStorageProvider;
}
