package io.perfkit.regress;

/** What a comparison concluded for one row. */
public enum Verdict {
  /** Significantly faster. */
  FASTER("faster"),
  /** Significantly slower. */
  SLOWER("slower"),
  /** No significant change: benchstat's "~". The row's note says when the data were too noisy to see a change of the size asked about. */
  NO_CHANGE("~"),
  /** Too few samples for the test to reach significance at all; the note says how many are needed. */
  UNDECIDED("?"),
  /** In the baseline only. */
  ONLY_IN_BASE("only in base"),
  /** In the candidate only. */
  ONLY_IN_CANDIDATE("only in candidate");

  private final String symbol;

  Verdict(String symbol) {
    this.symbol = symbol;
  }

  /** How reports print it. */
  public String symbol() {
    return symbol;
  }
}
