package io.perfkit.profiler.analysis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedFrame;

/** How frames are named and told apart from the platform's, the same way in every analysis. */
public final class FrameNames {

  private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda[^.]*(\\.\\d+)?");

  private FrameNames() {}

  /**
   * {@code package.Class.method} of a frame. Lambda classes lose their per-run suffix
   * ({@code Foo$$Lambda$410+0x00007f…} becomes {@code Foo$$Lambda}), so the same code has the
   * same name in every recording and diffs line up.
   */
  public static String methodName(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    if (type.contains("$$Lambda")) {
      type = LAMBDA.matcher(type).replaceAll(Matcher.quoteReplacement("$$Lambda"));
    }
    return type + "." + f.getMethod().getName();
  }

  /** True for classes of the Java platform: {@code java.}, {@code javax.}, {@code jdk.}, {@code sun.}, {@code com.sun.}. */
  public static boolean isPlatform(String className) {
    return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
        || className.startsWith("sun.") || className.startsWith("com.sun.");
  }
}
