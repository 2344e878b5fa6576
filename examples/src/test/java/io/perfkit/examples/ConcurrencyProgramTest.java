package io.perfkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.testtools.NewerJdk;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The concurrency example finds its three bugs: on JDK 21 or later (a child JVM where the tests
 * run on 17) the pool, the lock and the pinned virtual threads; on 17 the first two, and it says
 * what it cannot show.
 */
final class ConcurrencyProgramTest {

  private static final Pattern POOL = Pattern.compile(
      "(?m)^   (\\d+) orders: p99 queue wait [0-9.]+ m?s, p99 run [0-9.]+ m?s: orders waited (\\d+)x longer than they ran$");

  private static void poolAndLockFound(String out) {
    Matcher pool = POOL.matcher(out);
    assertTrue(pool.find(), out);
    assertTrue(Integer.parseInt(pool.group(2)) >= 3, "bursts wait several times longer than they run:\n" + out);
    assertTrue(out.contains("\n   rule ExecutorQueueWait: executor.idle{name=checkout}: tasks waited "), out);
    assertTrue(out.contains("\n   most contended locks (lock profile, 2 s): io.perfkit.examples.ConcurrencyProgram$Inventory"), out);
  }

  @Test
  void onANewerJdk_thePoolTheLockAndThePinnedVirtualThreadsAreFound() throws Exception {
    Process child = new ProcessBuilder(NewerJdk.java21().toString(), "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "concurrency").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the example ends");
    assertEquals(0, child.exitValue(), out);
    assertTrue(out.matches("(?s)JVM \\d+; virtual threads: yes\n.*"), out);
    poolAndLockFound(out);
    Matcher pinned = Pattern.compile("(?m)^   Virtual threads pinned: (\\d+) times").matcher(out);
    assertTrue(pinned.find() && Integer.parseInt(pinned.group(1)) >= 1, out);
    // the initializer sleeps 300 ms: the site that held the carrier, for at least that long
    Pattern site = Pattern.compile("(?m)^ +(\\d+) ms +\\d+ +longest .*ConcurrencyProgram\\$PriceList.*$");
    Matcher held = site.matcher(out);
    assertTrue(held.find() && Integer.parseInt(held.group(1)) >= 300,
        "the price list's initializer named, with the time it held the carrier:\n" + out);
    Matcher metric = Pattern.compile("(?m)^   jvm\\.threads\\.virtual\\.pinned: (\\d+) blocks longer than 20 ms$").matcher(out);
    assertTrue(metric.find() && Integer.parseInt(metric.group(1)) >= 1, out);
    assertTrue(out.contains("\n   rule JvmVirtualThreadPinned: "), out);
  }

  @Test
  void onJdk17_thePoolAndTheLockAreFound_andItSaysWhatItCannotShow() {
    if (Runtime.version().feature() >= 21) {
      return;  // the child JVM case covers this JVM
    }
    ProgramRunner p = new ProgramRunner();
    assertEquals(0, p.run("concurrency"), p.err());
    String out = p.out();
    poolAndLockFound(out);
    assertTrue(out.contains("\n3. pinned virtual threads: not shown: virtual threads need JDK 21 or later, and this JVM is 17"),
        out);
  }

  @Test
  void aBadOrderCount_isNamed() {
    ProgramRunner p = new ProgramRunner();
    assertEquals(2, p.run("concurrency", "--orders", "2"));
    assertTrue(p.err().contains("--orders") && p.err().contains("got 2"), p.err());
  }
}
