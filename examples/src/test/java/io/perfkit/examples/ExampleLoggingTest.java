package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

final class ExampleLoggingTest {

  private static LogRecord record(Level level, String logger, String message, Object... params) {
    LogRecord r = new LogRecord(level, message);
    r.setLoggerName(logger);
    r.setParameters(params);
    r.setInstant(Instant.parse("2026-12-03T12:04:31.250Z"));
    return r;
  }

  @Test
  void oneLinePerRecord_withTheTimeLevelShortLoggerAndMessage() {
    ExampleLogging.OneLine f = new ExampleLogging.OneLine(ZoneOffset.UTC);
    assertEquals("12:04:31 WARNING PerfkitServer: endpoints are off: port 9095 taken" + System.lineSeparator(),
        f.format(record(Level.WARNING, "io.perfkit.spring.boot.PerfkitServer", "endpoints are off: port {0} taken", "9095")));
    LogRecord failed = record(Level.SEVERE, "root", "store failed\nretrying");
    failed.setThrown(new java.io.IOException("disk full"));
    assertEquals("12:04:31 SEVERE root: store failed retrying (java.io.IOException: disk full)" + System.lineSeparator(),
        f.format(failed));
  }
}
