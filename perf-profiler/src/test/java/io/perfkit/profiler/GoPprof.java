package io.perfkit.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Go's own {@code go tool pprof} on an export, the way a user reads it. */
public final class GoPprof {

  private GoPprof() {}

  /** {@code go tool pprof ARGS… FILE}, with its caches in {@code home}; returns what it printed. */
  public static String run(Path home, Path profile, String... args) throws Exception {
    Path go = ExternalTools.requireWorking("go tool pprof reads the export; apt-get install golang-go",
        List.of("tool", "pprof", "-h"), "go", "/usr/lib/go/bin/go");
    List<String> cmd = new ArrayList<>(List.of(go.toString(), "tool", "pprof"));
    cmd.addAll(List.of(args));
    cmd.add(profile.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("GOCACHE", home.resolve("gocache").toString());
    pb.environment().put("PPROF_TMPDIR", home.toString());
    Process proc = pb.start();
    String text = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "go tool pprof did not finish");
    assertEquals(0, proc.exitValue(), text);
    return text;
  }
}
