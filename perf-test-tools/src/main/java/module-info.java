/**
 * How Perfkit's own tests find the external programs they drive and check that each one works
 * before deciding to run or skip: skipped on a developer's machine without the tool, failed
 * under {@code CI=true}. Build-only; not published.
 */
module io.perfkit.testtools {
  requires org.junit.jupiter.api;
  requires java.net.http;

  exports io.perfkit.testtools;
}
