package io.perfkit.profiler.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stacks of a profile merged into a tree, root first: the flame graph's shape. Each node is
 * a method on a path from the root; {@link #total()} is the weight of the events whose stack
 * passes through it, {@link #self()} of those whose stack ends in it. Not thread-safe.
 */
public final class CallTree {

  private final String name;
  private final Map<String, CallTree> children = new HashMap<>();
  private long total;
  private long self;
  private long selfEvents;
  /** The child found last: consecutive stacks mostly share their prefix, so this saves a lookup. */
  private CallTree lastChild;

  CallTree(String name) {
    this.name = name;
  }

  /** A new root. */
  public static CallTree root() {
    return new CallTree("all");
  }

  /** Adds a stack given root first. */
  public void add(List<String> rootFirst, long weight) {
    CallTree node = this;
    node.total += weight;
    for (String frame : rootFirst) {
      node = node.children.computeIfAbsent(frame, CallTree::new);
      node.total += weight;
    }
    node.self += weight;
    node.selfEvents++;
  }

  /** Adds the stack {@code rootFirst[0..n)}, without copying it. */
  void add(String[] rootFirst, int n, long weight) {
    CallTree node = this;
    node.total += weight;
    for (int i = 0; i < n; i++) {
      String frame = rootFirst[i];
      CallTree child = node.lastChild;
      if (child == null || child.name != frame) {
        child = node.children.get(frame);
        if (child == null) {
          child = new CallTree(frame);
          node.children.put(frame, child);
        }
        node.lastChild = child;
      }
      node = child;
      node.total += weight;
    }
    node.self += weight;
    node.selfEvents++;
  }

  /** Adds every path of {@code other} to this tree. */
  public void addAll(CallTree other) {
    total += other.total;
    self += other.self;
    selfEvents += other.selfEvents;
    for (CallTree c : other.children.values()) {
      children.computeIfAbsent(c.name, CallTree::new).addAll(c);
    }
  }

  public String name() {
    return name;
  }

  public long total() {
    return total;
  }

  public long self() {
    return self;
  }

  /** How many events ended here (for HEAP profiles: objects; {@link #self()} is their bytes). */
  public long selfEvents() {
    return selfEvents;
  }

  /** Children, heaviest first (ties by name). */
  public List<CallTree> children() {
    List<CallTree> list = new ArrayList<>(children.values());
    list.sort(Comparator.comparingLong(CallTree::total).reversed().thenComparing(CallTree::name));
    return list;
  }

  /** The child named {@code frame}, or null. */
  public CallTree child(String frame) {
    return children.get(frame);
  }

  /** Nodes in this subtree. */
  public int size() {
    int n = 1;
    for (CallTree c : children.values()) {
      n += c.size();
    }
    return n;
  }

  /**
   * The collapsed-stack text that flame-graph tools read ({@code flamegraph.pl}, speedscope,
   * Grafana): one line per distinct stack, frames root first separated by {@code ;}, then a space
   * and the stack's self weight.
   */
  public String collapsed() {
    StringBuilder sb = new StringBuilder();
    for (CallTree c : children()) {
      c.collapse(sb, new StringBuilder());
    }
    return sb.toString();
  }

  private void collapse(StringBuilder out, StringBuilder path) {
    int mark = path.length();
    if (mark > 0) {
      path.append(';');
    }
    path.append(name.replace(';', ':').replace(' ', '_'));
    if (self > 0) {
      out.append(path).append(' ').append(self).append('\n');
    }
    for (CallTree c : children()) {
      c.collapse(out, path);
    }
    path.setLength(mark);
  }
}
