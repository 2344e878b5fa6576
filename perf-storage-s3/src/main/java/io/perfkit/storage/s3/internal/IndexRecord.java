package io.perfkit.storage.s3.internal;

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

/**
 * One line of the bucket's index: a stored profile ({@code P}) or a deletion ({@code D}).
 * Fields are tab-separated; labels hold no control characters (the label grammar forbids them),
 * so neither tab nor newline can occur inside a field. A loose index object holds one line, a
 * segment many.
 *
 * <pre>
 * P	id	type	startSeconds	startNanos	durationNanos	format	sizeBytes	labelCount	key	value	…
 * D	id	deletedAtEpochMillis
 * </pre>
 *
 * @param profile the stored profile, or null for a deletion
 * @param deletedId the deleted profile's id, or null for a stored profile
 * @param deletedAtMillis when the deletion was recorded, or 0 for a stored profile
 */
public record IndexRecord(StoredProfile profile, String deletedId, long deletedAtMillis) {

  /** A stored profile's record. */
  public static IndexRecord stored(StoredProfile p) {
    return new IndexRecord(p, null, 0);
  }

  /** A deletion's record. */
  public static IndexRecord deleted(String id, long atMillis) {
    return new IndexRecord(null, id, atMillis);
  }

  /** The id this record is about. */
  public String id() {
    return profile != null ? profile.id() : deletedId;
  }

  public boolean isDeletion() {
    return profile == null;
  }

  /** The record as one line, newline included. */
  public String toLine() {
    StringBuilder sb = new StringBuilder(160);
    if (profile == null) {
      return sb.append("D\t").append(deletedId).append('\t').append(deletedAtMillis).append('\n').toString();
    }
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
    return sb.append('\n').toString();
  }

  /** Records as the bytes of one index object. */
  public static byte[] toBytes(List<IndexRecord> records) {
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
  public static List<IndexRecord> parse(byte[] bytes) {
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
    if (f[0].equals("D") && f.length == 3) {
      return deleted(checkId(f[1]), Long.parseLong(f[2]));
    }
    if (!f[0].equals("P") || f.length < 9) {
      throw new IllegalArgumentException("not a P or D record: '" + clip(line) + "'");
    }
    int labelCount = Integer.parseInt(f[8]);
    if (f.length != 9 + 2 * labelCount) {
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
    return stored(new StoredProfile(f[1], m, Long.parseLong(f[7])));
  }

  private static String checkId(String id) {
    io.perfkit.api.Identifiers.checkProfileId(id);
    return id;
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
