/**
 * The Servlet filter: every request timed into the monitor by route, slow ones profiled.
 */
module io.perfkit.servlet {
  requires transitive io.perfkit.monitor;
  requires transitive io.perfkit.profiler;
  requires transitive jakarta.servlet;

  exports io.perfkit.servlet;
}
