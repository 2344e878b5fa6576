package io.perfkit.storage.file.internal;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A stored profile plus the CRC-32C of its content, and the two text forms it is written in:
 * the metadata file beside the content ({@code name=value} lines, readable with {@code cat})
 * and the one-line index record (tab-separated). Both end with a CRC-32C of what precedes it,
 * so a torn or corrupt record is detected rather than misread. Labels hold no control
 * characters (the grammar forbids them), so neither tab nor newline can occur inside a field.
 */
public record ProfileRecord(StoredProfile profile, long contentCrc) {

  private static final String META_MAGIC = "perfkit-profile 1";

  public String id() {
    return profile.id();
  }

  // ------------------------------------------------------------------ metadata file

  /** The metadata file's text. */
  public byte[] toMetaFile() {
    ProfileMetadata m = profile.metadata();
    StringBuilder sb = new StringBuilder(256).append(META_MAGIC).append('\n')
        .append("id=").append(profile.id()).append('\n')
        .append("type=").append(m.type().wireName()).append('\n')
        .append("start=").append(m.start()).append('\n')
        .append("durationNanos=").append(m.duration().toNanos()).append('\n')
        .append("format=").append(m.format()).append('\n')
        .append("sizeBytes=").append(profile.sizeBytes()).append('\n')
        .append("contentCrc32c=").append(Long.toHexString(contentCrc)).append('\n');
    for (Map.Entry<String, String> e : m.labels().asMap().entrySet()) {
      sb.append("label.").append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    String trailer = "crc32c=" + Long.toHexString(crc(body, body.length)) + '\n';
    byte[] t = trailer.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[body.length + t.length];
    System.arraycopy(body, 0, all, 0, body.length);
    System.arraycopy(t, 0, all, body.length, t.length);
    return all;
  }

  /**
   * Parses a metadata file.
   *
   * @throws IllegalArgumentException saying what is wrong when it is truncated, corrupt or
   *     malformed
   */
  public static ProfileRecord parseMetaFile(byte[] bytes) {
    int end = bytes.length;
    if (end == 0 || bytes[end - 1] != '\n') {
      throw new IllegalArgumentException("truncated: no final newline");
    }
    int lastLineStart = lastIndexOf(bytes, (byte) '\n', end - 2) + 1;
    String trailer = new String(bytes, lastLineStart, end - 1 - lastLineStart, StandardCharsets.UTF_8);
    if (!trailer.startsWith("crc32c=")) {
      throw new IllegalArgumentException("truncated: no crc32c line");
    }
    long expected = parseHex(trailer.substring(7), "crc32c");
    long actual = crc(bytes, lastLineStart);
    if (expected != actual) {
      throw new IllegalArgumentException("checksum mismatch: recorded " + Long.toHexString(expected)
          + ", computed " + Long.toHexString(actual));
    }
    String[] lines = new String(bytes, 0, lastLineStart, StandardCharsets.UTF_8).split("\n");
    if (lines.length == 0 || !lines[0].equals(META_MAGIC)) {
      throw new IllegalArgumentException("not a profile metadata file (first line is not '" + META_MAGIC + "')");
    }
    Map<String, String> fields = new TreeMap<>();
    Map<String, String> labels = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not name=value: '" + line + "'");
      }
      String name = line.substring(0, eq);
      String value = line.substring(eq + 1);
      if (name.startsWith("label.")) {
        labels.put(name.substring(6), value);
      } else {
        fields.put(name, value);
      }
    }
    ProfileMetadata m = new ProfileMetadata(
        ProfileType.parse(field(fields, "type")),
        Instant.parse(field(fields, "start")),
        Duration.ofNanos(parseLong(field(fields, "durationNanos"), "durationNanos")),
        field(fields, "format"),
        Labels.from(labels));
    return new ProfileRecord(
        new StoredProfile(field(fields, "id"), m, parseLong(field(fields, "sizeBytes"), "sizeBytes")),
        parseHex(field(fields, "contentCrc32c"), "contentCrc32c"));
  }

  // ------------------------------------------------------------------ index line

  /** The index record for a stored profile: {@code S<TAB>fields…<TAB>crc\n}. */
  public String toIndexLine() {
    ProfileMetadata m = profile.metadata();
    StringBuilder sb = new StringBuilder(160).append('S')
        .append('\t').append(profile.id())
        .append('\t').append(m.type().wireName())
        .append('\t').append(m.start().getEpochSecond())
        .append('\t').append(m.start().getNano())
        .append('\t').append(m.duration().toNanos())
        .append('\t').append(m.format())
        .append('\t').append(profile.sizeBytes())
        .append('\t').append(Long.toHexString(contentCrc))
        .append('\t').append(m.labels().size());
    for (Map.Entry<String, String> e : m.labels().asMap().entrySet()) {
      sb.append('\t').append(e.getKey()).append('\t').append(e.getValue());
    }
    return withCrc(sb);
  }

  /** The index record for a deletion: {@code D<TAB>id<TAB>crc\n}. */
  public static String deletionLine(String id) {
    return withCrc(new StringBuilder("D\t").append(id));
  }

  private static String withCrc(StringBuilder sb) {
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    return sb.append('\t').append(Long.toHexString(crc(body, body.length))).append('\n').toString();
  }

  /** One parsed index line: a stored record, or the id of a deletion. */
  public record IndexEntry(ProfileRecord stored, String deletedId) {}

  /**
   * Parses one index line (without its newline).
   *
   * @throws IllegalArgumentException saying what is wrong when it is torn, corrupt or malformed
   */
  public static IndexEntry parseIndexLine(String line) {
    int lastTab = line.lastIndexOf('\t');
    if (lastTab < 0) {
      throw new IllegalArgumentException("no checksum field");
    }
    byte[] body = line.substring(0, lastTab).getBytes(StandardCharsets.UTF_8);
    long expected = parseHex(line.substring(lastTab + 1), "checksum");
    if (crc(body, body.length) != expected) {
      throw new IllegalArgumentException("checksum mismatch");
    }
    String[] f = line.substring(0, lastTab).split("\t", -1);
    if (f[0].equals("D") && f.length == 2) {
      return new IndexEntry(null, f[1]);
    }
    if (!f[0].equals("S") || f.length < 10) {
      throw new IllegalArgumentException("unknown record kind or too few fields");
    }
    int labelCount = (int) parseLong(f[9], "label count");
    if (f.length != 10 + 2 * labelCount) {
      throw new IllegalArgumentException("expected " + labelCount + " labels, found " + (f.length - 10) + " fields");
    }
    String[] kv = new String[2 * labelCount];
    System.arraycopy(f, 10, kv, 0, kv.length);
    ProfileMetadata m = new ProfileMetadata(
        ProfileType.parse(f[2]),
        Instant.ofEpochSecond(parseLong(f[3], "start seconds"), parseLong(f[4], "start nanos")),
        Duration.ofNanos(parseLong(f[5], "duration")),
        f[6],
        Labels.of(kv));
    return new IndexEntry(new ProfileRecord(
        new StoredProfile(f[1], m, parseLong(f[7], "size")), parseHex(f[8], "content checksum")), null);
  }

  // ------------------------------------------------------------------ helpers

  private static String field(Map<String, String> fields, String name) {
    String v = fields.get(name);
    if (v == null) {
      throw new IllegalArgumentException("field '" + name + "' is missing");
    }
    return v;
  }

  private static long parseLong(String s, String what) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + s + "' is not a number", e);
    }
  }

  private static long parseHex(String s, String what) {
    try {
      return Long.parseLong(s, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + s + "' is not hexadecimal", e);
    }
  }

  private static long crc(byte[] b, int len) {
    CRC32C c = new CRC32C();
    c.update(b, 0, len);
    return c.getValue();
  }

  private static int lastIndexOf(byte[] b, byte v, int from) {
    for (int i = from; i >= 0; i--) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }
}
