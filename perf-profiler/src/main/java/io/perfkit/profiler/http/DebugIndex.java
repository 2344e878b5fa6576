package io.perfkit.profiler.http;

import java.util.List;

/**
 * {@code /debug/}: a page that lists every debug endpoint with what it answers, as Go's
 * {@code /debug/pprof/} does, each a link where it needs no parameter and an example where it
 * does. Plain HTML, no script, nothing loaded from elsewhere.
 */
final class DebugIndex {

  /** One endpoint: an example path to link to and what it answers. */
  record Entry(String path, String what) {}

  static final List<Entry> ENTRIES = List.of(
      new Entry("/debug/profile?type=cpu&seconds=10", "a fresh capture: cpu, allocation, lock, io, heap (.jfr) or thread_dump (text)"),
      new Entry("/debug/threads", "a thread dump, virtual threads included (JDK 21+), grouped by stack"),
      new Entry("/debug/browse", "the stored profiles in a browser: filters, flame graphs, diffs, merged windows"),
      new Entry("/debug/profiles", "stored profiles, newest first (JSON); filter with type, since, until, label=k:v, limit"),
      new Entry("/debug/profiles/{id}", "a stored profile's content"),
      new Entry("/debug/profiles/{id}/top?n=20", "its top methods, as text"),
      new Entry("/debug/profiles/{id}/flame", "its flame graph"),
      new Entry("/debug/profiles/{id}/pprof", "it as gzipped pprof, for go tool pprof"),
      new Entry("/debug/profiles/{id}/gc", "the GC report of a stored recording"),
      new Entry("/debug/profiles/{id}/io", "the I/O report of a stored recording"),
      new Entry("/debug/diff?base={id}&target={id}&format=html", "two stored profiles compared"),
      new Entry("/debug/merge?type=cpu&since=…&until=…&label=service:…&view=flame",
          "every stored profile a query matches, merged: view=top, flame, pprof or collapsed"),
      new Entry("/debug/merge/diff?type=cpu&base.since=…&base.until=…&target.since=…&target.until=…",
          "two merged windows compared: cost per second as text, or format=html for the differential flame graph"),
      new Entry("/debug/gc", "the GC report of the last minute of the always-on recording"),
      new Entry("/debug/io", "the I/O report of the last minute: files, directories and hosts waited on"),
      new Entry("/debug/pinning", "where virtual threads blocked while pinned to their carriers (JDK 21+)"),
      new Entry("/debug/heap/histogram", "live objects by class, and the classes that grew since the last call"),
      new Entry("/debug/heapdump", "an .hprof heap dump, when enabled (stops the JVM while it writes)"));

  private DebugIndex() {}

  /** The page. */
  static String html() {
    StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Perfkit /debug/</title><style>body{font:14px sans-serif;margin:2em}td{padding:.2em 1em .2em 0}"
        + "code{font-size:13px}</style></head><body>\n<h1>/debug/</h1>\n<table id=\"endpoints\">\n");
    for (Entry e : ENTRIES) {
      String path = escape(e.path());
      boolean plain = !e.path().contains("{") && !e.path().contains("…");
      sb.append("<tr><td><code>").append(plain ? "<a href=\"" + path + "\">" + path + "</a>" : path)
          .append("</code></td><td>").append(escape(e.what())).append("</td></tr>\n");
    }
    return sb.append("</table>\n</body></html>\n").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
