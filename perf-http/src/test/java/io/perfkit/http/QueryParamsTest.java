package io.perfkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class QueryParamsTest {

  private static String error(Runnable r) {
    HttpError e = assertThrows(HttpError.class, r::run);
    assertEquals(400, e.status());
    return e.getMessage();
  }

  @Test
  void parse_decodesPercentEncoding_andKeepsPlusAsAPlusSign() {
    QueryParams q = QueryParams.parse("label=path:%2Fcheckout&label=note:a+b&empty&x=%20y");
    assertEquals(List.of("path:/checkout", "note:a+b"), q.all("label"));
    assertEquals("", q.one("empty").orElseThrow());
    assertEquals(" y", q.one("x").orElseThrow());
    assertTrue(q.one("absent").isEmpty());
  }

  @Test
  void malformedPercentEncoding_isA400NamingThePart() {
    assertEquals("value of 'id' '%zz' is not valid percent-encoding", error(() -> QueryParams.parse("id=%zz")));
    assertEquals("query parameter name 'a%2' is not valid percent-encoding", error(() -> QueryParams.parse("a%2=1")));
  }

  @Test
  void intIn_namesTheParameterTheValueAndTheRange() {
    QueryParams q = QueryParams.parse("seconds=999999&n=x&ok=7");
    assertEquals("seconds '999999' must be a whole number from 1 to 300", error(() -> q.intIn("seconds", 10, 1, 300)));
    assertEquals("n 'x' must be a whole number from 1 to 1000", error(() -> q.intIn("n", 20, 1, 1000)));
    assertEquals(7, q.intIn("ok", 1, 1, 10));
    assertEquals(10, q.intIn("missing", 10, 1, 300));
  }

  @Test
  void aParameterGivenTwice_whereOneIsExpected_isRefused() {
    QueryParams q = QueryParams.parse("type=cpu&type=io");
    assertEquals("parameter 'type' is given 2 times", error(() -> q.one("type")));
    assertEquals(List.of("cpu", "io"), q.all("type"));
  }

  @Test
  void durationsAndInstants() {
    QueryParams q = QueryParams.parse("a=PT0.5S&b=250&c=-PT1S&d=soon&e=7d&t=2026-11-27T10:00:00Z&u=yesterday");
    assertEquals(Duration.ofMillis(500), q.duration("a").orElseThrow());
    assertEquals(Duration.ofMillis(250), q.duration("b").orElseThrow(), "a bare number is milliseconds");
    assertEquals(Duration.ofDays(7), q.duration("e").orElseThrow(), "the one duration grammar");
    assertEquals("c '-PT1S' is not a duration; use " + io.perfkit.api.Durations.GRAMMAR + ", or whole milliseconds",
        error(() -> q.duration("c")));
    assertTrue(error(() -> q.duration("d")).startsWith("d 'soon' is not a duration; use ISO-8601"));
    assertEquals(Instant.parse("2026-11-27T10:00:00Z"), q.instant("t").orElseThrow());
    assertEquals("u 'yesterday' is not an ISO-8601 instant such as 2026-11-27T10:00:00Z", error(() -> q.instant("u")));
  }

  @Test
  void onlyKnown_listsTheKnownInTheOrderGiven() {
    assertEquals("unknown parameter 'typo'; known: type, seconds",
        error(() -> QueryParams.parse("typo=1").onlyKnown(List.of("type", "seconds"))));
  }

  @Test
  void tooManyParameters_isRefused() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i <= QueryParams.MAX_PARAMETERS; i++) {
      sb.append("p").append(i).append("=1&");
    }
    assertEquals("the query has more than 64 parameters", error(() -> QueryParams.parse(sb.toString())));
  }

  @Test
  void anyInput_parsesOrIsA400_neverAnotherException() {
    SplittableRandom r = new SplittableRandom(42);
    String alphabet = "ab=&%+2fzZ0\u00e9\u0000 ;";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(12);
      for (int k = 0; k < n; k++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      try {
        QueryParams q = QueryParams.parse(sb.toString());
        for (String name : q.names()) {
          q.all(name);
        }
      } catch (HttpError e) {
        assertEquals(400, e.status(), sb.toString());
      }
    }
  }
}
