package io.perfkit.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar perf-examples.jar [NAME [ARGS…]]}. With no argument it lists the programs;
 * {@code NAME --help} describes one.
 */
public final class Main {

  /** Every program, in the order they are listed. */
  static final List<ExampleProgram> PROGRAMS = List.of(
      new TourProgram(),
      new InstalledProgram(),
      new CustomStorageProgram(),
      new MonitorProgram(),
      new ProfilingProgram(),
      new TraceProgram(),
      new ConcurrencyProgram(),
      new MemoryProgram(),
      new ContainerProgram(),
      new ServerProgram(),
      new WebappProgram(),
      new KernelsProgram());

  private Main() {}

  public static void main(String[] args) {
    ExampleLogging.install();
    System.exit(run(List.of(args), System.out, System.err));
  }

  /** Runs as {@link #main} does and returns the exit code instead of exiting. */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      out.println("usage: java --add-modules jdk.incubator.vector -jar perf-examples.jar NAME [--help | ARGS…]");
      out.println();
      out.println("programs:");
      for (ExampleProgram p : PROGRAMS) {
        out.printf("  %-16s %s%n", p.name(), p.summary());
      }
      out.flush();
      return 0;
    }
    Optional<ExampleProgram> program = PROGRAMS.stream().filter(p -> p.name().equals(args.get(0))).findFirst();
    if (program.isEmpty()) {
      List<String> names = new ArrayList<>();
      PROGRAMS.forEach(p -> names.add(p.name()));
      err.println("unknown program '" + args.get(0) + "'; programs: " + String.join(", ", names));
      return 2;
    }
    List<String> rest = args.subList(1, args.size());
    if (rest.contains("--help") || rest.contains("-h")) {
      out.println(program.get().help());
      out.flush();
      return 0;
    }
    try {
      int code = program.get().run(rest, out);
      out.flush();
      return code;
    } catch (UsageException e) {
      err.println(program.get().name() + ": " + e.getMessage());
      err.println("see: java -jar perf-examples.jar " + program.get().name() + " --help");
      return 2;
    } catch (Exception e) {
      err.println(program.get().name() + " failed: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }
}
