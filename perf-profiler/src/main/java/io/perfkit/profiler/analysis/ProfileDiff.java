package io.perfkit.profiler.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a profile changed: for every method, its share of the total in a base profile and in a
 * target profile, normalized by each one's total so that profiles of different lengths compare.
 * Use it on two captures, two sets ({@link StackProfile#merge}, e.g. before and after a deploy),
 * or two time windows of one recording ({@link EventSelection#during}). For costs per
 * second or per operation, which shares cannot show, see {@link CostDiff} and {@link #perUnit}.
 *
 * <p>It is regression detection: a test can assert that a hot method did not grow.
 * <pre>{@code
 * ProfileDiff diff = ProfileDiff.of(StackProfile.read(before, CPU), StackProfile.read(after, CPU));
 * assertTrue(diff.selfDelta("com.example.Parser.parse") < 5.0, diff.report(10));
 * }</pre>
 */
public final class ProfileDiff {

  /**
   * One method's change, in percentage points of each profile's total.
   *
   * @param method {@code package.Class.method}
   * @param baseSelf self share in the base, %
   * @param targetSelf self share in the target, %
   * @param baseTotal total share in the base, %
   * @param targetTotal total share in the target, %
   */
  public record Delta(String method, double baseSelf, double targetSelf, double baseTotal, double targetTotal) {
    /** targetSelf − baseSelf: positive when the method grew. */
    public double selfDelta() {
      return targetSelf - baseSelf;
    }

    /** targetTotal − baseTotal. */
    public double totalDelta() {
      return targetTotal - baseTotal;
    }
  }

  private final StackProfile base;
  private final StackProfile target;
  private final List<Delta> deltas;

  private ProfileDiff(StackProfile base, StackProfile target) {
    this.base = base;
    this.target = target;
    Map<String, MethodStat> b = base.methods();
    Map<String, MethodStat> t = target.methods();
    Set<String> all = new HashSet<>(b.keySet());
    all.addAll(t.keySet());
    List<Delta> list = new ArrayList<>(all.size());
    for (String m : all) {
      MethodStat bs = b.get(m);
      MethodStat ts = t.get(m);
      list.add(new Delta(m, bs == null ? 0 : bs.selfPercent(), ts == null ? 0 : ts.selfPercent(),
          bs == null ? 0 : bs.totalPercent(), ts == null ? 0 : ts.totalPercent()));
    }
    list.sort(Comparator.comparingDouble((Delta d) -> Math.abs(d.selfDelta())).reversed()
        .thenComparing(Comparator.comparingDouble((Delta d) -> Math.abs(d.totalDelta())).reversed())
        .thenComparing(Delta::method));
    this.deltas = list;
  }

  /** The diff of {@code target} against {@code base}. */
  public static ProfileDiff of(StackProfile base, StackProfile target) {
    if (base.type() != target.type()) {
      throw new IllegalArgumentException("cannot diff a " + base.type().wireName() + " profile against a "
          + target.type().wireName() + " profile");
    }
    return new ProfileDiff(base, target);
  }

  /** Every method, largest change of self share first. */
  public List<Delta> deltas() {
    return deltas;
  }

  /** Methods whose self share grew, most first. */
  public List<Delta> grew(int n) {
    return deltas.stream().filter(d -> d.selfDelta() > 0)
        .sorted(Comparator.comparingDouble(Delta::selfDelta).reversed()).limit(n).toList();
  }

  /** Methods whose self share shrank, most first. */
  public List<Delta> shrank(int n) {
    return deltas.stream().filter(d -> d.selfDelta() < 0).sorted(Comparator.comparingDouble(Delta::selfDelta)).limit(n).toList();
  }

  /** The change of one method's self share in percentage points (0 when in neither). */
  public double selfDelta(String method) {
    return deltas.stream().filter(d -> d.method().equals(method)).mapToDouble(Delta::selfDelta).findFirst().orElse(0);
  }

  /**
   * The same two profiles compared by cost per unit of work rather than by share:
   * {@code baseUnits} and {@code targetUnits} are the operations that ran (or the seconds that
   * passed) while each was recorded.
   */
  public CostDiff perUnit(double baseUnits, double targetUnits) {
    return CostDiff.perOperation(base, baseUnits, target, targetUnits);
  }

  public StackProfile base() {
    return base;
  }

  public StackProfile target() {
    return target;
  }

  /** A text report of the {@code n} largest changes. */
  public String report(int n) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s diff: base %d events, target %d events (self share, percentage points)%n",
        base.type().wireName(), base.events(), target.events()));
    sb.append(String.format(Locale.ROOT, "%9s %9s %9s  %s%n", "base", "target", "change", "method"));
    for (Delta d : deltas.subList(0, Math.min(n, deltas.size()))) {
      sb.append(String.format(Locale.ROOT, "%8.2f%% %8.2f%% %+8.2f  %s%n", d.baseSelf(), d.targetSelf(), d.selfDelta(), d.method()));
    }
    return sb.toString();
  }
}
