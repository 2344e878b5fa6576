package io.perfkit.profiler.analysis;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * A pprof profile being built, then encoded as gzipped {@code profile.proto}: its string table
 * ({@code ""} first), functions, locations (one per function and line) and samples. Samples with
 * the same locations and the same label set are one sample, their values added. The messages are
 * encoded with protobuf's own {@link CodedOutputStream} after the field numbers of
 * {@code profile.proto}. Not thread-safe: one export's.
 */
final class PprofBuilder {

  /**
   * A sample's label: a string value, or a number ({@code str} null).
   *
   * @param key the label's name
   * @param str its string value, or null for a numeric label
   * @param num its numeric value (ignored for a string label)
   */
  record Label(String key, String str, long num) {
    Label {
      Objects.requireNonNull(key, "key");
    }

    static Label text(String key, String value) {
      return new Label(key, Objects.requireNonNull(value, "value"), 0);
    }

    static Label number(String key, long value) {
      return new Label(key, null, value);
    }
  }

  /** A sample's identity: its locations, leaf first, and its label set. */
  private record SampleKey(long[] locations, int labelSet) {
    @Override
    public boolean equals(Object o) {
      return o instanceof SampleKey k && k.labelSet == labelSet && Arrays.equals(k.locations, locations);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(locations) + labelSet;
    }

    @Override
    public String toString() {
      return Arrays.toString(locations) + " labels " + labelSet;
    }
  }

  private final List<String> strings = new ArrayList<>(List.of(""));
  private final Map<String, Long> stringIds = new HashMap<>(Map.of("", 0L));
  private final long[] sampleTypes;  // type and unit string ids, in pairs
  private final Map<String, Long> functionIds = new HashMap<>();
  private final List<long[]> functions = new ArrayList<>();  // {id, name, file}
  private final Map<Long, Long> locationIds = new HashMap<>();  // function id << 32 | line -> location id
  private final List<long[]> locations = new ArrayList<>();  // {id, function id, line}
  private final Map<List<Label>, Integer> labelSetIds = new HashMap<>();
  private final List<List<Label>> labelSets = new ArrayList<>();
  private final Map<SampleKey, long[]> samples = new LinkedHashMap<>();
  private long periodType = -1;
  private long periodUnit;
  private long period;
  private long defaultSampleType;

  /**
   * @param typesAndUnits each sample value's type and unit, in pairs: {@code "samples", "count",
   *     "cpu", "nanoseconds"}
   */
  PprofBuilder(String... typesAndUnits) {
    if (typesAndUnits.length == 0 || typesAndUnits.length % 2 != 0) {
      throw new IllegalArgumentException("sample types " + Arrays.toString(typesAndUnits)
          + " are not pairs of type and unit");
    }
    sampleTypes = new long[typesAndUnits.length];
    for (int i = 0; i < typesAndUnits.length; i++) {
      sampleTypes[i] = string(typesAndUnits[i]);
    }
  }

  /** Sets the profile's period: one sample stands for {@code period} {@code unit}s of {@code type}. */
  PprofBuilder period(String type, String unit, long period) {
    this.periodType = string(type);
    this.periodUnit = string(unit);
    this.period = period;
    return this;
  }

  /** Names the sample type a viewer shows first (when unset, pprof shows the last). */
  PprofBuilder defaultSampleType(String type) {
    this.defaultSampleType = string(type);
    return this;
  }

  /** The id of the function named {@code name}, in {@code file} ({@code ""} when unknown); made on first use. */
  long function(String name, String file) {
    Long id = functionIds.get(name);
    if (id == null) {
      id = (long) functions.size() + 1;
      functionIds.put(name, id);
      functions.add(new long[] {id, string(name), string(file)});
    }
    return id;
  }

  /** The id of the location at {@code line} of a function ({@code line} 0 or less: not known); made on first use. */
  long location(long functionId, int line) {
    long l = Math.max(0, line);
    long key = functionId << 32 | l;
    Long id = locationIds.get(key);
    if (id == null) {
      id = (long) locations.size() + 1;
      locationIds.put(key, id);
      locations.add(new long[] {id, functionId, l});
    }
    return id;
  }

  /** The id of a label set, to pass to {@link #add}; the empty list is the set of no labels. */
  int labelSet(List<Label> labels) {
    Integer id = labelSetIds.get(labels);
    if (id == null) {
      id = labelSets.size();
      List<Label> copy = List.copyOf(labels);
      labelSetIds.put(copy, id);
      labelSets.add(copy);
    }
    return id;
  }

  /**
   * Adds {@code values} to the sample of these locations and labels.
   *
   * @param leafFirst location ids, innermost first; not copied, so not to be changed afterwards
   * @param labelSet from {@link #labelSet}
   */
  void add(long[] leafFirst, int labelSet, long... values) {
    if (values.length * 2 != sampleTypes.length) {
      throw new IllegalArgumentException(values.length + " sample values for " + sampleTypes.length / 2 + " sample types");
    }
    long[] sum = samples.computeIfAbsent(new SampleKey(leafFirst, labelSet), k -> new long[values.length]);
    for (int i = 0; i < values.length; i++) {
      sum[i] += values[i];
    }
  }

  /** Writes the profile to {@code out} (not closed), gzipped. */
  void write(long timeNanos, long durationNanos, OutputStream out) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    CodedOutputStream p = CodedOutputStream.newInstance(raw);
    for (int i = 0; i < sampleTypes.length; i += 2) {
      p.writeByteArray(1, valueType(sampleTypes[i], sampleTypes[i + 1]));
    }
    // label keys and values join the string table here, before it is written
    List<byte[]> labelBytes = new ArrayList<>();
    for (List<Label> set : labelSets) {
      labelBytes.add(labels(set));
    }
    for (Map.Entry<SampleKey, long[]> s : samples.entrySet()) {
      p.writeByteArray(2, sample(s.getKey().locations(), s.getValue(), labelBytes.get(s.getKey().labelSet())));
    }
    for (long[] l : locations) {
      p.writeByteArray(4, location(l[0], l[1], l[2]));
    }
    for (long[] f : functions) {
      p.writeByteArray(5, function(f[0], f[1], f[2]));
    }
    for (String s : strings) {
      p.writeString(6, s);
    }
    p.writeInt64(9, timeNanos);
    p.writeInt64(10, durationNanos);
    if (periodType >= 0) {
      p.writeByteArray(11, valueType(periodType, periodUnit));
      p.writeInt64(12, period);
    }
    if (defaultSampleType != 0) {
      p.writeInt64(14, defaultSampleType);
    }
    p.flush();
    GZIPOutputStream gz = new GZIPOutputStream(out);
    raw.writeTo(gz);
    gz.finish();
  }

  private long string(String s) {
    Long id = stringIds.get(s);
    if (id == null) {
      id = (long) strings.size();
      strings.add(s);
      stringIds.put(s, id);
    }
    return id;
  }

  private static byte[] valueType(long type, long unit) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(b);
    s.writeInt64(1, type);
    s.writeInt64(2, unit);
    s.flush();
    return b.toByteArray();
  }

  /** A label set's encoded {@code Sample.label} fields, the same bytes for every sample that has it. */
  private byte[] labels(List<Label> set) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(b);
    for (Label l : set) {
      ByteArrayOutputStream lb = new ByteArrayOutputStream();
      CodedOutputStream ls = CodedOutputStream.newInstance(lb);
      ls.writeInt64(1, string(l.key()));
      if (l.str() != null) {
        ls.writeInt64(2, string(l.str()));
      } else {
        ls.writeInt64(3, l.num());
      }
      ls.flush();
      s.writeByteArray(3, lb.toByteArray());
    }
    s.flush();
    return b.toByteArray();
  }

  private static byte[] sample(long[] leafFirst, long[] values, byte[] labels) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(b);
    for (long loc : leafFirst) {
      s.writeUInt64(1, loc);
    }
    for (long v : values) {
      s.writeInt64(2, v);
    }
    s.writeRawBytes(labels);
    s.flush();
    return b.toByteArray();
  }

  private static byte[] location(long id, long functionId, long line) throws IOException {
    ByteArrayOutputStream lb = new ByteArrayOutputStream();
    CodedOutputStream l = CodedOutputStream.newInstance(lb);
    l.writeUInt64(1, functionId);
    if (line > 0) {
      l.writeInt64(2, line);
    }
    l.flush();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream s = CodedOutputStream.newInstance(b);
    s.writeUInt64(1, id);
    s.writeByteArray(4, lb.toByteArray());
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
}
