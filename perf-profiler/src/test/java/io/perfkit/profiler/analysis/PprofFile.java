package io.perfkit.profiler.analysis;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A gzipped {@code profile.proto} read back, after the field numbers of
 * github.com/google/pprof/proto/profile.proto, with string indexes resolved: what a test checks
 * an export against, independently of the writer's own code.
 *
 * @param sampleTypes each value's {@code type/unit}
 * @param samples the samples, in file order
 * @param locations by id: the location's lines, innermost first
 * @param functions by id
 * @param strings the string table
 * @param periodType {@code type/unit}, or null when unset
 * @param period the period, 0 when unset
 * @param timeNanos {@code time_nanos}
 * @param durationNanos {@code duration_nanos}
 * @param defaultSampleType the name of the default sample type, or {@code ""}
 */
record PprofFile(List<String> sampleTypes, List<Sample> samples, Map<Long, List<Line>> locations,
    Map<Long, Function> functions, List<String> strings, String periodType, long period, long timeNanos,
    long durationNanos, String defaultSampleType) {

  /** A sample: its location ids (leaf first), values, and string and numeric labels. */
  record Sample(List<Long> locationIds, List<Long> values, Map<String, String> str, Map<String, Long> num) {}

  /** One line of a location. */
  record Line(long functionId, long line) {}

  /** A function. */
  record Function(String name, String systemName, String filename, long startLine) {}

  static PprofFile read(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return parse(in.readAllBytes());
    }
  }

  /** The value of type {@code type} summed over every sample. */
  long total(String type) {
    int i = indexOf(type);
    return samples.stream().mapToLong(s -> s.values().get(i)).sum();
  }

  /** The index of the value of type {@code type} (the part before {@code /}). */
  int indexOf(String type) {
    for (int i = 0; i < sampleTypes.size(); i++) {
      if (sampleTypes.get(i).startsWith(type + "/")) {
        return i;
      }
    }
    throw new AssertionError("no sample type " + type + " in " + sampleTypes);
  }

  /** The sample's frames as function names, leaf first. */
  List<String> names(Sample s) {
    List<String> out = new ArrayList<>();
    for (long loc : s.locationIds()) {
      for (Line l : locations.get(loc)) {
        out.add(functions.get(l.functionId()).name());
      }
    }
    return out;
  }

  private static PprofFile parse(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    List<long[]> types = new ArrayList<>();
    List<byte[]> rawSamples = new ArrayList<>();
    List<byte[]> rawLocations = new ArrayList<>();
    List<byte[]> rawFunctions = new ArrayList<>();
    List<String> strings = new ArrayList<>();
    long[] periodType = null;
    long period = 0;
    long time = 0;
    long duration = 0;
    long defaultType = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> types.add(valueType(in.readByteArray()));
        case 2 -> rawSamples.add(in.readByteArray());
        case 4 -> rawLocations.add(in.readByteArray());
        case 5 -> rawFunctions.add(in.readByteArray());
        case 6 -> strings.add(in.readStringRequireUtf8());
        case 9 -> time = in.readInt64();
        case 10 -> duration = in.readInt64();
        case 11 -> periodType = valueType(in.readByteArray());
        case 12 -> period = in.readInt64();
        case 14 -> defaultType = in.readInt64();
        default -> in.skipField(tag);
      }
    }
    if (strings.isEmpty() || !strings.get(0).isEmpty()) {
      throw new AssertionError("the string table does not begin with \"\": " + strings);
    }
    List<String> sampleTypes = new ArrayList<>();
    for (long[] t : types) {
      sampleTypes.add(strings.get((int) t[0]) + "/" + strings.get((int) t[1]));
    }
    List<Sample> samples = new ArrayList<>();
    for (byte[] s : rawSamples) {
      samples.add(sample(s, strings));
    }
    Map<Long, List<Line>> locations = new LinkedHashMap<>();
    for (byte[] l : rawLocations) {
      CodedInputStream li = CodedInputStream.newInstance(l);
      long id = 0;
      List<Line> lines = new ArrayList<>();
      for (int tag = li.readTag(); tag != 0; tag = li.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case 1 -> id = li.readUInt64();
          case 4 -> lines.add(line(li.readByteArray()));
          default -> li.skipField(tag);
        }
      }
      locations.put(id, lines);
    }
    Map<Long, Function> functions = new HashMap<>();
    for (byte[] f : rawFunctions) {
      CodedInputStream fi = CodedInputStream.newInstance(f);
      long id = 0;
      long[] fields = new long[4];  // name, system name, file, start line
      for (int tag = fi.readTag(); tag != 0; tag = fi.readTag()) {
        int n = WireFormat.getTagFieldNumber(tag);
        if (n == 1) {
          id = fi.readUInt64();
        } else if (n >= 2 && n <= 5) {
          fields[n - 2] = fi.readInt64();
        } else {
          fi.skipField(tag);
        }
      }
      functions.put(id, new Function(strings.get((int) fields[0]), strings.get((int) fields[1]),
          strings.get((int) fields[2]), fields[3]));
    }
    return new PprofFile(sampleTypes, samples, locations, functions, strings,
        periodType == null ? null : strings.get((int) periodType[0]) + "/" + strings.get((int) periodType[1]), period,
        time, duration, strings.get((int) defaultType));
  }

  private static long[] valueType(byte[] b) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b);
    long[] out = new long[2];
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int n = WireFormat.getTagFieldNumber(tag);
      if (n == 1 || n == 2) {
        out[n - 1] = in.readInt64();
      } else {
        in.skipField(tag);
      }
    }
    return out;
  }

  private static Line line(byte[] b) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b);
    long function = 0;
    long line = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> function = in.readUInt64();
        case 2 -> line = in.readInt64();
        default -> in.skipField(tag);
      }
    }
    return new Line(function, line);
  }

  private static Sample sample(byte[] b, List<String> strings) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(b);
    List<Long> locations = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    Map<String, String> str = new LinkedHashMap<>();
    Map<String, Long> num = new LinkedHashMap<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int n = WireFormat.getTagFieldNumber(tag);
      boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      if ((n == 1 || n == 2) && packed) {
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0) {
          (n == 1 ? locations : values).add(in.readRawVarint64());
        }
        in.popLimit(limit);
      } else if (n == 1) {
        locations.add(in.readUInt64());
      } else if (n == 2) {
        values.add(in.readInt64());
      } else if (n == 3) {
        CodedInputStream li = CodedInputStream.newInstance(in.readByteArray());
        long key = 0;
        long s = 0;
        Long number = null;
        for (int lt = li.readTag(); lt != 0; lt = li.readTag()) {
          switch (WireFormat.getTagFieldNumber(lt)) {
            case 1 -> key = li.readInt64();
            case 2 -> s = li.readInt64();
            case 3 -> number = li.readInt64();
            default -> li.skipField(lt);
          }
        }
        if (s != 0) {
          str.put(strings.get((int) key), strings.get((int) s));
        } else if (number != null) {
          num.put(strings.get((int) key), number);
        }
      } else {
        in.skipField(tag);
      }
    }
    return new Sample(locations, values, str, num);
  }
}
