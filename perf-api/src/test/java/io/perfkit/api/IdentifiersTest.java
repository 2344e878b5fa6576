package io.perfkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.storage.ProfileType;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class IdentifiersTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "20261127-cpu-0af3", "A_b-9", "x"})
  void checkProfileId_acceptsSafeIds(String id) {
    assertEquals(id, Identifiers.checkProfileId(id));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "../x", "a/b", "a\\b", "/abs", "C:x", "a.b", "a b", "a\u0000b", "é"})
  void checkProfileId_refusesUnsafeIds_namingThem(String id) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Identifiers.checkProfileId(id));
    assertTrue(e.getMessage().startsWith("profile id " + Identifiers.quote(id) + " is invalid"), e.getMessage());
  }

  @Test
  void checkProfileId_boundsTheLength() {
    assertTrue(Identifiers.isValidProfileId("a".repeat(128)));
    assertFalse(Identifiers.isValidProfileId("a".repeat(129)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"path", "durationMs", "top.1", "request_start", "a"})
  void checkLabelKey_acceptsDocumentedKeys(String key) {
    assertEquals(key, Identifiers.checkLabelKey(key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1a", "_a", ".a", "a b", "a-b", "a:b", "ä"})
  void checkLabelKey_refusesOthers(String key) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Identifiers.checkLabelKey(key));
    assertTrue(e.getMessage().contains(Identifiers.quote(key)), e.getMessage());
  }

  @Test
  void checkLabelKey_boundsTheLength() {
    Identifiers.checkLabelKey("a".repeat(64));
    assertThrows(IllegalArgumentException.class, () -> Identifiers.checkLabelKey("a".repeat(65)));
  }

  @Test
  void checkLabelValue_refusesControlCharactersAndNamesTheIndex() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Identifiers.checkLabelValue("path", "/a\nb"));
    assertEquals("value of label 'path' has a control character at index 2: '/a\\u000ab'", e.getMessage());
    assertEquals("", Identifiers.checkLabelValue("k", ""));
    assertEquals("ünïcode ok", Identifiers.checkLabelValue("k", "ünïcode ok"));
  }

  @Test
  void checkLabelValue_boundsTheLength() {
    Identifiers.checkLabelValue("k", "x".repeat(Identifiers.LABEL_VALUE_MAX_LENGTH));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Identifiers.checkLabelValue("k", "x".repeat(Identifiers.LABEL_VALUE_MAX_LENGTH + 1)));
    assertTrue(e.getMessage().contains("1025 chars long"), e.getMessage());
  }

  @Test
  void checkFormat_isAFileExtension() {
    assertEquals("jfr", Identifiers.checkFormat("jfr"));
    assertThrows(IllegalArgumentException.class, () -> Identifiers.checkFormat("JFR"));
    assertThrows(IllegalArgumentException.class, () -> Identifiers.checkFormat("a/b"));
    assertThrows(IllegalArgumentException.class, () -> Identifiers.checkFormat(""));
  }

  @Test
  void quote_cutsAbsurdValues() {
    String q = Identifiers.quote("y".repeat(10_000));
    assertTrue(q.length() < 120, q);
    assertTrue(q.endsWith("…(10000 chars)'"), q);
  }

  @Test
  void labels_areSortedImmutableAndCompareByContent() {
    Labels a = Labels.of("b", "2", "a", "1");
    Labels b = Labels.from(Map.of("a", "1", "b", "2"));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals("{a=1, b=2}", a.toString());
    assertThrows(UnsupportedOperationException.class, () -> a.asMap().put("c", "3"));
    assertEquals(Labels.of("a", "1", "b", "3"), a.with("b", "3"));
    assertTrue(a.with("c", "3").containsAll(a));
    assertFalse(a.containsAll(a.with("c", "3")));
  }

  @Test
  void labels_refuseOddPairsRepeatedKeysAndTooMany() {
    assertThrows(IllegalArgumentException.class, () -> Labels.of("a"));
    IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class, () -> Labels.of("a", "1", "a", "2"));
    assertEquals("label key 'a' is given twice", repeated.getMessage());
    Map<String, String> many = new TreeMap<>();
    for (int i = 0; i <= Labels.MAX_LABELS; i++) {
      many.put("k" + i, "v");
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Labels.from(many));
    assertEquals("65 labels given; at most 64 are allowed", e.getMessage());
  }

  @Test
  void profileType_parsesWireNamesCaseInsensitively() {
    assertEquals(ProfileType.THREAD_DUMP, ProfileType.parse("thread_dump"));
    assertEquals(ProfileType.CPU, ProfileType.parse("CPU"));
    assertEquals("thread_dump", ProfileType.THREAD_DUMP.wireName());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProfileType.parse("wall"));
    assertEquals("unknown profile type 'wall'; known types: cpu, allocation, lock, io, heap, thread_dump", e.getMessage());
  }
}
