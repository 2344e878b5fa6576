package io.perfkit.examples;

import java.io.PrintStream;
import java.util.List;

/** One runnable example. Implementations are listed in {@link Main#PROGRAMS}. */
interface ExampleProgram {

  /** The name typed on the command line. */
  String name();

  /** One line for the listing. */
  String summary();

  /** The text of {@code NAME --help}: usage line, options, what it shows. */
  String help();

  /**
   * Runs the program.
   *
   * @return the process exit code
   * @throws UsageException for bad arguments, naming them
   */
  int run(List<String> args, PrintStream out) throws Exception;
}
