/**
 * The regression gate: JMH runs compared benchmark by benchmark with distribution-free
 * statistics, reported as text, Markdown or JSON, and a gate that fails a CI job only on a
 * significant slowdown beyond a threshold. {@code java -jar perf-regress-cli.jar compare …}.
 */
module io.perfkit.regress {
  requires com.fasterxml.jackson.databind;

  exports io.perfkit.regress;
}
