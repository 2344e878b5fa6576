package io.perfkit.profiler.analysis;

import com.google.protobuf.CodedOutputStream;
import io.perfkit.api.storage.ProfileType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a profile as gzipped {@code profile.proto}, the format of Go's pprof, which
 * {@code go tool pprof}, Pyroscope and Grafana read. The messages are encoded with protobuf's
 * own {@link CodedOutputStream} after the field numbers of {@code profile.proto}
 * (github.com/google/pprof/proto/profile.proto).
 *
 * <p>CPU profiles carry two sample values, {@code samples/count} and {@code cpu/nanoseconds}
 * (samples × the sampling period); allocation profiles carry {@code alloc_space/bytes}; heap
 * profiles carry {@code inuse_objects/count} and {@code inuse_space/bytes}, the names {@code go
 * tool pprof -sample_index=inuse_space} expects, with {@code inuse_space} the default; lock and
 * IO profiles carry {@code delay/nanoseconds}. One location per method; each distinct stack is one
 * sample.
 */
public final class PprofExport {

  private PprofExport() {}

  /**
   * Writes {@code profile} to {@code out} (not closed).
   *
   * @param periodNanos the CPU sampling period, to turn samples into CPU time (ignored for other types)
   * @param startNanos the profile's start, epoch nanoseconds
   * @param durationNanos its length
   */
  public static void write(StackProfile profile, long periodNanos, long startNanos, long durationNanos, OutputStream out)
      throws IOException {
    Strings strings = new Strings();
    Map<String, Long> functionIds = new HashMap<>();
    List<byte[]> samples = new ArrayList<>();
    ProfileType type = profile.type();
    boolean cpu = type == ProfileType.CPU;
    boolean heap = type == ProfileType.HEAP;
    collect(profile.tree(), new ArrayList<>(), functionIds, strings, samples, cpu, heap, periodNanos);

    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    CodedOutputStream p = CodedOutputStream.newInstance(raw);
    if (cpu) {
      p.writeByteArray(1, valueType(strings.id("samples"), strings.id("count")));
      p.writeByteArray(1, valueType(strings.id("cpu"), strings.id("nanoseconds")));
    } else if (heap) {
      p.writeByteArray(1, valueType(strings.id("inuse_objects"), strings.id("count")));
      p.writeByteArray(1, valueType(strings.id("inuse_space"), strings.id("bytes")));
    } else if (type == ProfileType.ALLOCATION) {
      p.writeByteArray(1, valueType(strings.id("alloc_space"), strings.id("bytes")));
    } else {
      p.writeByteArray(1, valueType(strings.id("delay"), strings.id("nanoseconds")));
    }
    for (byte[] s : samples) {
      p.writeByteArray(2, s);
    }
    List<Map.Entry<String, Long>> functions = new ArrayList<>(functionIds.entrySet());
    functions.sort(Map.Entry.comparingByValue());
    for (Map.Entry<String, Long> f : functions) {
      p.writeByteArray(4, location(f.getValue()));
    }
    for (Map.Entry<String, Long> f : functions) {
      p.writeByteArray(5, function(f.getValue(), strings.id(f.getKey()), strings.id(fileOf(f.getKey()))));
    }
    for (String s : strings.list) {
      p.writeString(6, s);
    }
    p.writeInt64(9, startNanos);
    p.writeInt64(10, durationNanos);
    if (cpu) {
      p.writeByteArray(11, valueType(strings.id("cpu"), strings.id("nanoseconds")));
      p.writeInt64(12, periodNanos);
    }
    if (heap) {
      p.writeInt64(14, strings.id("inuse_space"));
    }
    p.flush();
    GZIPOutputStream gz = new GZIPOutputStream(out);
    raw.writeTo(gz);
    gz.finish();
  }

  private static void collect(CallTree node, List<Long> leafFirstPath, Map<String, Long> functionIds, Strings strings,
      List<byte[]> samples, boolean cpu, boolean heap, long period) throws IOException {
    for (CallTree c : node.children()) {
      long id = functionIds.computeIfAbsent(c.name(), k -> (long) functionIds.size() + 1);
      strings.id(c.name());
      leafFirstPath.add(0, id);
      if (c.self() > 0) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream s = CodedOutputStream.newInstance(b);
        for (long loc : leafFirstPath) {
          s.writeUInt64(1, loc);
        }
        if (heap) {
          s.writeInt64(2, c.selfEvents());
        }
        s.writeInt64(2, c.self());
        if (cpu) {
          s.writeInt64(2, c.self() * period);
        }
        s.flush();
        samples.add(b.toByteArray());
      }
      collect(c, leafFirstPath, functionIds, strings, samples, cpu, heap, period);
      leafFirstPath.remove(0);
    }
  }

  private static byte[] valueType(long type, long unit) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(b);
    s.writeInt64(1, type);
    s.writeInt64(2, unit);
    s.flush();
    return b.toByteArray();
  }

  private static byte[] location(long id) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    CodedOutputStream l = CodedOutputStream.newInstance(line);
    l.writeUInt64(1, id);
    l.flush();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(b);
    s.writeUInt64(1, id);
    s.writeByteArray(4, line.toByteArray());
    s.flush();
    return b.toByteArray();
  }

  private static byte[] function(long id, long name, long file) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(b);
    s.writeUInt64(1, id);
    s.writeInt64(2, name);
    s.writeInt64(3, name);
    s.writeInt64(4, file);
    s.flush();
    return b.toByteArray();
  }

  /** {@code com/example/Foo.java} for {@code com.example.Foo.bar}; the class file's likely source. */
  private static String fileOf(String method) {
    int lastDot = method.lastIndexOf('.');
    String cls = lastDot < 0 ? method : method.substring(0, lastDot);
    int nested = cls.indexOf('$');
    if (nested >= 0) {
      cls = cls.substring(0, nested);
    }
    return cls.replace('.', '/') + ".java";
  }

  /** The string table; index 0 is the empty string, as the format requires. */
  private static final class Strings {
    final List<String> list = new ArrayList<>(List.of(""));
    final Map<String, Long> ids = new HashMap<>(Map.of("", 0L));

    long id(String s) {
      return ids.computeIfAbsent(s, k -> {
        list.add(k);
        return (long) list.size() - 1;
      });
    }
  }
}
