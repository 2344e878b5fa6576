package io.perfkit.profiler.http;

import io.perfkit.http.HttpError;
import io.perfkit.http.QueryParams;
import io.perfkit.http.Response;
import io.perfkit.profiler.analysis.IoReport;

/**
 * The parameters of an I/O report, the same on {@code /debug/io} and
 * {@code /debug/profiles/{id}/io}: {@code group=file|directory} (file), {@code top} 1 to 1000
 * (10), {@code format=json|text} (json).
 */
record IoQuery(IoReport.Grouping grouping, int top, boolean text) {

  static IoQuery of(QueryParams q) {
    IoReport.Grouping grouping;
    try {
      grouping = IoReport.Grouping.parse(q.one("group").orElse("file"));
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    return new IoQuery(grouping, q.intIn("top", 10, 1, 1000), MemoryEndpoints.format(q));
  }

  Response render(IoReport r) {
    return text ? Response.text(r.text()) : Response.json(200, r.toJson());
  }
}
