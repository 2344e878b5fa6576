package io.perfkit.examples;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The programs' log: one line per record ({@code 12:04:31 WARNING PerfkitServer: …}) instead of
 * the JDK's two, and no record where a program prints the same thing itself: Jetty's start and
 * stop lines (the webapp program announces its URL) and the alert manager's (the programs print
 * every alert). Warnings of everything else stay.
 */
final class ExampleLogging {

  /** Kept referenced: java.util.logging holds its loggers weakly, and would forget the levels. */
  private static final Logger JETTY = Logger.getLogger("org.eclipse.jetty");
  private static final Logger ALERTS = Logger.getLogger("io.perfkit.monitor.alert.AlertManager");

  private ExampleLogging() {}

  static void install() {
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.setFormatter(new OneLine());
    }
    JETTY.setLevel(Level.WARNING);
    ALERTS.setLevel(Level.SEVERE);
  }

  /** {@code HH:mm:ss LEVEL Logger: message (exception)}, in the local time zone. */
  static final class OneLine extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private final ZoneId zone;

    OneLine() {
      this(ZoneId.systemDefault());
    }

    OneLine(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public String format(LogRecord r) {
      String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
      StringBuilder sb = new StringBuilder()
          .append(TIME.format(Instant.ofEpochMilli(r.getMillis()).atZone(zone))).append(' ')
          .append(r.getLevel().getName()).append(' ')
          .append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ")
          .append(formatMessage(r).replace('\n', ' '));
      if (r.getThrown() != null) {
        sb.append(" (").append(r.getThrown()).append(')');
      }
      return sb.append(System.lineSeparator()).toString();
    }
  }
}
