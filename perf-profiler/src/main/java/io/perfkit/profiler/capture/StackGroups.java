package io.perfkit.profiler.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every thread the JVM tracks, virtual threads included, grouped by identical stack and state,
 * so that 20,000 virtual threads blocked on one database call read as one line with a count.
 * Read from the JDK's own thread dump in JSON ({@code HotSpotDiagnosticMXBean.dumpThreads}, JDK
 * 21 and later), which lists platform threads and the virtual threads of executors and thread
 * containers; virtual threads started directly ({@code Thread.ofVirtual().start}) are listed only
 * when the JVM runs with {@code -Djdk.trackAllThreads=true}. On an older JDK there is no such dump,
 * and {@link #capture()} is empty. Immutable.
 */
public final class StackGroups {

  /** Names kept per group, as examples. */
  private static final int NAMES_PER_GROUP = 3;

  /**
   * Threads with the same stack and state.
   *
   * @param stack the frames, innermost first, as the JDK prints them
   * @param names the first few threads' names
   */
  public record Group(String state, List<String> stack, int threads, int virtualThreads, List<String> names) {}

  private final List<Group> groups;
  private final int threads;
  private final int virtualThreads;

  private StackGroups(List<Group> groups) {
    this.groups = groups;
    int all = 0;
    int virtual = 0;
    for (Group g : groups) {
      all += g.threads();
      virtual += g.virtualThreads();
    }
    this.threads = all;
    this.virtualThreads = virtual;
  }

  /**
   * The threads of this JVM, grouped; empty before JDK 21.
   *
   * @throws IOException when the JDK cannot write or this cannot read its dump
   */
  public static Optional<StackGroups> capture() throws IOException {
    Method dump;
    Object json;
    Class<? extends PlatformManagedObject> bean;
    try {
      @SuppressWarnings("unchecked")
      Class<? extends PlatformManagedObject> b =
          (Class<? extends PlatformManagedObject>) Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
      bean = b;
      Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
      dump = bean.getMethod("dumpThreads", String.class, format);
      json = format.getField("JSON").get(null);
    } catch (ReflectiveOperationException olderJdk) {
      return Optional.empty();
    }
    Path dir = Files.createTempDirectory("perfkit-threads");
    Path file = dir.resolve("threads.json");
    try {
      dump.invoke(ManagementFactory.getPlatformMXBean(bean), file.toAbsolutePath().toString(), json);
      return Optional.of(read(file));
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException("the JDK's thread dump failed: " + cause, cause);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /** Groups the threads of a JSON thread dump the JDK wrote. */
  static StackGroups read(Path json) throws IOException {
    Map<String, Acc> byStack = new HashMap<>();
    try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && "threads".equals(p.currentName())) {
          p.nextToken();  // START_ARRAY
          while (p.nextToken() == JsonToken.START_OBJECT) {
            readThread(p, byStack);
          }
        }
      }
    }
    List<Group> groups = new ArrayList<>();
    for (Acc a : byStack.values()) {
      groups.add(new Group(a.state, List.copyOf(a.stack), a.threads, a.virtual, List.copyOf(a.names)));
    }
    groups.sort(Comparator.comparingInt(Group::threads).reversed().thenComparing(g -> g.names().isEmpty() ? "" : g.names().get(0)));
    return new StackGroups(List.copyOf(groups));
  }

  /** One thread object; the parser is on its START_OBJECT and is left on its END_OBJECT. */
  private static void readThread(JsonParser p, Map<String, Acc> byStack) throws IOException {
    String name = "";
    String tid = "";
    String state = "";
    boolean virtual = false;
    List<String> stack = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "name":
          name = p.getValueAsString("");
          break;
        case "tid":
          tid = p.getValueAsString("");
          break;
        case "state":
          state = p.getValueAsString("");
          break;
        case "virtual":
          virtual = value == JsonToken.VALUE_TRUE;
          break;
        case "stack":
          while (p.nextToken() == JsonToken.VALUE_STRING) {
            stack.add(p.getText());
          }
          break;
        default:
          p.skipChildren();
          break;
      }
    }
    // JDK 21 to 23 write no "virtual" field: a virtual thread's stack ends in VirtualThread.run
    virtual |= !stack.isEmpty() && stack.get(stack.size() - 1).contains("java.lang.VirtualThread.run(");
    String key = state + '\n' + String.join("\n", stack);
    Acc a = byStack.computeIfAbsent(key, k -> new Acc());
    if (a.stack == null) {
      a.stack = stack;
      a.state = state;
    }
    a.threads++;
    a.virtual += virtual ? 1 : 0;
    if (a.names.size() < NAMES_PER_GROUP) {
      a.names.add(name.isEmpty() ? "#" + tid : name);  // virtual threads are usually unnamed
    }
  }

  /** The groups, most threads first. */
  public List<Group> groups() {
    return groups;
  }

  /** Threads in the dump. */
  public int threads() {
    return threads;
  }

  /** Virtual threads among them. */
  public int virtualThreads() {
    return virtualThreads;
  }

  /** The largest {@code n} groups as text, with a line for the rest. */
  public String text(int n) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Threads by stack: %d threads (%d virtual) in %d groups%n%n", threads,
        virtualThreads, groups.size()));
    for (int i = 0; i < Math.min(n, groups.size()); i++) {
      Group g = groups.get(i);
      sb.append(String.format(Locale.ROOT, "%d thread%s (%d virtual) %s: %s%s%n", g.threads(), g.threads() == 1 ? "" : "s",
          g.virtualThreads(), g.state().isEmpty() ? "?" : g.state(), String.join(", ", g.names()),
          g.threads() > g.names().size() ? ", …" : ""));
      for (String frame : g.stack()) {
        sb.append("\tat ").append(frame).append('\n');
      }
      sb.append('\n');
    }
    if (groups.size() > n) {
      int rest = 0;
      for (int i = n; i < groups.size(); i++) {
        rest += groups.get(i).threads();
      }
      sb.append(String.format(Locale.ROOT, "… %d more groups of %d threads%n", groups.size() - n, rest));
    }
    return sb.toString();
  }

  /** One group while reading. */
  private static final class Acc {
    String state;
    List<String> stack;
    int threads;
    int virtual;
    final List<String> names = new ArrayList<>();
  }
}
