package io.perfkit.profiler.analysis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedFrame;

/** How frames are named and told apart from the platform's, the same way in every analysis. */
public final class FrameNames {

  // JDK 17: Foo$$Lambda$410/0x0000000800c02a00; newer JDKs: Foo$$Lambda/0x…, which JFR writes as
  // Foo$$Lambda.0x… (the suffix then looks like a package step)
  private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda[^.]*(\\.0x[0-9a-fA-F]+|\\.\\d+)?");

  /** The prefix of a frame of native code or a JVM stub: {@code [native] jbyte_disjoint_arraycopy}. */
  public static final String NATIVE = "[native] ";

  /** The prefix of a kernel frame. */
  public static final String KERNEL = "[kernel] ";

  private FrameNames() {}

  /** An engine's native frames carry no class, or the library they are in ({@code libjvm.so}). */
  private static boolean isLibrary(String type) {
    return type.isEmpty() || type.endsWith(".so") || type.contains(".so.") || type.endsWith(".dylib") || type.endsWith(".dll");
  }

  /**
   * {@code package.Class.method} of a frame. Lambda classes lose their per-run suffix
   * ({@code Foo$$Lambda$410+0x00007f…} becomes {@code Foo$$Lambda}), so the same code has the
   * same name in every recording and diffs line up.
   */
  public static String methodName(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    String frameType = f.getType();
    if (("Native".equals(frameType) || "C++".equals(frameType) || "Kernel".equals(frameType)) && isLibrary(type)) {
      // a frame an engine such as async-profiler knows beyond Java: a stub, a native symbol, the kernel
      return ("Kernel".equals(frameType) ? KERNEL : NATIVE) + f.getMethod().getName();
    }
    if (type.contains("$$Lambda")) {
      type = LAMBDA.matcher(type).replaceAll(Matcher.quoteReplacement("$$Lambda"));
    }
    return type + "." + f.getMethod().getName();
  }

  /**
   * The same name for a {@code package.Class.method} written elsewhere (a stack trace element's
   * class and method): lambda classes lose their per-run suffix as in {@link #methodName}.
   */
  public static String normalize(String qualifiedMethod) {
    return qualifiedMethod.contains("$$Lambda")
        ? LAMBDA.matcher(qualifiedMethod).replaceAll(Matcher.quoteReplacement("$$Lambda")) : qualifiedMethod;
  }

  /**
   * The event's site: the first Java frame outside the platform, innermost first, or the top Java
   * frame when every frame is the platform's; empty without a stack or a Java frame.
   */
  public static String site(jdk.jfr.consumer.RecordedEvent e) {
    jdk.jfr.consumer.RecordedStackTrace st = e.getStackTrace();
    if (st == null) {
      return "";
    }
    String first = "";
    for (RecordedFrame f : st.getFrames()) {
      if (!f.isJavaFrame()) {
        continue;
      }
      String name = methodName(f);
      if (first.isEmpty()) {
        first = name;
      }
      if (!isPlatform(f.getMethod().getType().getName())) {
        return name;
      }
    }
    return first;
  }

  /** True for classes of the Java platform: {@code java.}, {@code javax.}, {@code jdk.}, {@code sun.}, {@code com.sun.}. */
  public static boolean isPlatform(String className) {
    return className.startsWith("[") || className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
        || className.startsWith("sun.") || className.startsWith("com.sun.");
  }
}
