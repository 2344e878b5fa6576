package io.perfkit.storage.s3.internal;

import io.perfkit.api.Identifiers;
import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One line of the bucket's index: a stored profile ({@code P}), a deletion ({@code D}), or a
 * record of a type a newer Perfkit writes and this one does not know, which it keeps verbatim.
 * Fields are tab-separated; labels hold no control characters (the label grammar forbids them),
 * so neither tab nor newline can occur inside a field. A loose index object holds one line, a
 * segment many.
 *
 * <pre>
 * P	id	type	startSeconds	startNanos	durationNanos	format	sizeBytes	labelCount	key	value	…	name=value	…
 * D	id	deletedAtEpochMillis
 * </pre>
 *
 * After a profile's labels come its extensions, each {@code name=value}: {@code crc32c=} the
 * content's CRC-32C in 8 hex digits. An extension this version does not know is kept as it was
 * and written back by compaction, and so is a line whose type (a capital letter, then letters
 * and digits) is neither {@code P} nor {@code D}: a newer version can add fields and record
 * types without an older one destroying them. A line that is neither is malformed, and so is
 * the object holding it.
 */
public sealed interface IndexRecord {

  /** The line, newline included. */
  String toLine();

  /**
   * A stored profile's record.
   *
   * @param crc32c the content's CRC-32C; empty in records written before checksums were kept
   * @param extensions {@code name=value} fields this version does not know, kept verbatim
   */
  record Stored(StoredProfile profile, OptionalLong crc32c, List<String> extensions) implements IndexRecord {

    public Stored {
      Objects.requireNonNull(profile, "profile");
      Objects.requireNonNull(crc32c, "crc32c");
      extensions = List.copyOf(extensions);
    }

    /** The profile's id. */
    public String id() {
      return profile.id();
    }

    @Override
    public String toLine() {
      StringBuilder sb = new StringBuilder(180);
      ProfileMetadata m = profile.metadata();
      sb.append("P\t").append(profile.id())
          .append('\t').append(m.type().wireName())
          .append('\t').append(m.start().getEpochSecond())
          .append('\t').append(m.start().getNano())
          .append('\t').append(m.duration().toNanos())
          .append('\t').append(m.format())
          .append('\t').append(profile.sizeBytes())
          .append('\t').append(m.labels().size());
      for (Map.Entry<String, String> e : m.labels().asMap().entrySet()) {
        sb.append('\t').append(e.getKey()).append('\t').append(e.getValue());
      }
      if (crc32c.isPresent()) {
        sb.append("\tcrc32c=").append(String.format("%08x", crc32c.getAsLong()));
      }
      for (String x : extensions) {
        sb.append('\t').append(x);
      }
      return sb.append('\n').toString();
    }
  }

  /** A deletion's record. */
  record Deleted(String id, long atMillis) implements IndexRecord {

    public Deleted {
      Identifiers.checkProfileId(id);
    }

    @Override
    public String toLine() {
      return "D\t" + id + '\t' + atMillis + '\n';
    }
  }

  /** A record of a type this version does not know, kept as it was read. */
  record Unknown(String line) implements IndexRecord {

    public Unknown {
      if (!UNKNOWN_TYPE.matcher(line).lookingAt() || line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("not a record line of another type: '" + clip(line) + "'");
      }
    }

    @Override
    public String toLine() {
      return line + '\n';
    }
  }

  /** A record type: a capital letter, then letters and digits, then a tab or the end of the line. */
  Pattern UNKNOWN_TYPE = Pattern.compile("[A-Z][A-Za-z0-9]*(\t|$)");

  /** A stored profile's record, with the CRC-32C of its content. */
  static Stored stored(StoredProfile p, long crc32c) {
    return new Stored(p, OptionalLong.of(crc32c), List.of());
  }

  /** Records as the bytes of one index object. */
  static byte[] toBytes(List<? extends IndexRecord> records) {
    StringBuilder sb = new StringBuilder(records.size() * 200);
    for (IndexRecord r : records) {
      sb.append(r.toLine());
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses the bytes of an index object.
   *
   * @throws IllegalArgumentException naming the line that is malformed; an object cut short
   *     (no final newline) is malformed too
   */
  static List<IndexRecord> parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("cut short: no final newline");
    }
    List<IndexRecord> out = new ArrayList<>();
    int lineNo = 0;
    int from = 0;
    while (from < text.length()) {
      int nl = text.indexOf('\n', from);
      lineNo++;
      try {
        out.add(parseLine(text.substring(from, nl)));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage(), e);
      }
      from = nl + 1;
    }
    return out;
  }

  private static IndexRecord parseLine(String line) {
    String[] f = line.split("\t", -1);
    if (f[0].equals("D")) {
      if (f.length != 3) {
        throw new IllegalArgumentException("a D record has 3 fields, not " + f.length + ": '" + clip(line) + "'");
      }
      return new Deleted(f[1], Long.parseLong(f[2]));
    }
    if (!f[0].equals("P")) {
      return new Unknown(line);
    }
    if (f.length < 9) {
      throw new IllegalArgumentException("a P record has at least 9 fields, not " + f.length + ": '" + clip(line) + "'");
    }
    int labelCount = Integer.parseInt(f[8]);
    int labelsEnd = 9 + 2 * labelCount;
    if (labelCount < 0 || f.length < labelsEnd) {
      throw new IllegalArgumentException(labelCount + " labels announced, " + (f.length - 9) + " fields follow");
    }
    String[] kv = new String[2 * labelCount];
    System.arraycopy(f, 9, kv, 0, kv.length);
    ProfileMetadata m = new ProfileMetadata(
        ProfileType.parse(f[2]),
        Instant.ofEpochSecond(Long.parseLong(f[3]), Long.parseLong(f[4])),
        Duration.ofNanos(Long.parseLong(f[5])),
        f[6],
        Labels.of(kv));
    OptionalLong crc = OptionalLong.empty();
    List<String> extensions = new ArrayList<>();
    for (int i = labelsEnd; i < f.length; i++) {
      int eq = f[i].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("extension '" + clip(f[i]) + "' is not name=value");
      }
      if (f[i].startsWith("crc32c=")) {
        crc = OptionalLong.of(Long.parseLong(f[i].substring(eq + 1), 16));
      } else {
        extensions.add(f[i]);
      }
    }
    return new Stored(new StoredProfile(f[1], m, Long.parseLong(f[7])), crc, extensions);
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
