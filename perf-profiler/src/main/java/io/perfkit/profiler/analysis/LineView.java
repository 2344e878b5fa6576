package io.perfkit.profiler.analysis;

import io.perfkit.api.storage.ProfileType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The per-line view of one method, the counterpart of {@code pprof list}: the recordings a
 * profile was built from are read again, for that method only, so the aggregate need not keep
 * line numbers for every frame it has seen.
 */
final class LineView {

  /** Where a profile's events came from: a recording, the event types taken, and the filter. */
  record Source(Path file, Set<String> kinds, Predicate<RecordedEvent> filter) {}

  private LineView() {}

  static List<LineStat> lines(ProfileType type, List<Source> sources, String method) {
    Map<Integer, long[]> byLine = new HashMap<>();
    Set<Integer> seen = new HashSet<>();
    for (Source src : sources) {
      try (RecordingFile rf = new RecordingFile(src.file())) {
        while (rf.hasMoreEvents()) {
          RecordedEvent e = rf.readEvent();
          if (!src.kinds().contains(e.getEventType().getName()) || !src.filter().test(e) || e.getStackTrace() == null) {
            continue;
          }
          long w = EventSelection.weight(type, e);
          seen.clear();
          List<RecordedFrame> frames = e.getStackTrace().getFrames();
          for (int i = 0; i < frames.size(); i++) {
            RecordedFrame f = frames.get(i);
            if (!FrameNames.methodName(f).equals(method)) {
              continue;
            }
            long[] c = byLine.computeIfAbsent(f.getLineNumber(), k -> new long[2]);
            if (i == 0) {
              c[0] += w;
            }
            if (seen.add(f.getLineNumber())) {
              c[1] += w;
            }
          }
        }
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot read " + src.file() + " again: " + ex.getMessage(), ex);
      }
    }
    List<LineStat> out = new ArrayList<>();
    byLine.forEach((line, v) -> out.add(new LineStat(line, v[0], v[1])));
    out.sort(Comparator.comparingInt(LineStat::line));
    return out;
  }
}
