package io.perfkit.monitor.alert;

/** A rules file that does not parse; the message names the line, the column and what was expected. */
public final class RulesFileException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  RulesFileException(String source, int line, int column, String message) {
    super(source + ":" + line + ":" + column + ": " + message);
    this.line = line;
    this.column = column;
  }

  /** 1-based line. */
  public int line() {
    return line;
  }

  /** 1-based column. */
  public int column() {
    return column;
  }
}
