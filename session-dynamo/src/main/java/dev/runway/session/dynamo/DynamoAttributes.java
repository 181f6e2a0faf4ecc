package dev.runway.session.dynamo;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts JSON-like Java values to DynamoDB attribute values and back: strings, booleans, numbers
 * (as exact decimals: read back as {@link BigDecimal}), lists, maps, {@code null} and {@code
 * byte[]}. Also computes an item's size the way DynamoDB documents it ("the sum of the lengths of
 * its attribute names and values, plus any applicable overhead": UTF-8 strings, one byte per two
 * significant digits plus one for numbers, raw bytes for binary, one byte for null and Boolean,
 * three bytes for a List or Map plus one per element), to refuse items over the 400 KB limit before
 * a call.
 */
final class DynamoAttributes {

  private DynamoAttributes() {}

  static AttributeValue toAttribute(Object v, String path) {
    if (v == null) {
      return AttributeValue.fromNul(true);
    }
    if (v instanceof String s) {
      return AttributeValue.fromS(s);
    }
    if (v instanceof Boolean b) {
      return AttributeValue.fromBool(b);
    }
    if (v instanceof BigDecimal d) {
      return AttributeValue.fromN(d.toPlainString());
    }
    if (v instanceof Double d && (d.isNaN() || d.isInfinite())
        || v instanceof Float f && (f.isNaN() || f.isInfinite())) {
      throw new IllegalArgumentException(
          "session attribute '"
              + path
              + "' is "
              + v
              + ", which DynamoDB cannot store; use a finite number or null");
    }
    if (v instanceof Number n) {
      return AttributeValue.fromN(new BigDecimal(n.toString()).toPlainString());
    }
    if (v instanceof byte[] b) {
      return AttributeValue.fromB(SdkBytes.fromByteArray(b));
    }
    if (v instanceof List<?> list) {
      List<AttributeValue> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(toAttribute(list.get(i), path + "[" + i + "]"));
      }
      return AttributeValue.fromL(out);
    }
    if (v instanceof Map<?, ?> map) {
      return AttributeValue.fromM(toMap(map, path));
    }
    throw new IllegalArgumentException(
        "session attribute '"
            + path
            + "' has type "
            + v.getClass().getName()
            + "; use String, Boolean, a number, List, Map, byte[] or null");
  }

  static Map<String, AttributeValue> toMap(Map<?, ?> map, String path) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw new IllegalArgumentException(
            "session attribute '" + path + "' has a non-string key " + e.getKey());
      }
      out.put(k, toAttribute(e.getValue(), path.isEmpty() ? k : path + "." + k));
    }
    return out;
  }

  /**
   * The attribute {@code name} of an item Runway wrote. A missing one means the item is not
   * Runway's, or was edited by hand: said so, rather than a NullPointerException.
   */
  static AttributeValue required(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null) {
      throw new IllegalStateException(
          "a DynamoDB item has no attribute '"
              + name
              + "': it was not written by Runway, or was edited by hand");
    }
    return v;
  }

  static @Nullable Object fromAttribute(AttributeValue a) {
    if (a.s() != null) {
      return a.s();
    }
    if (a.n() != null) {
      return new BigDecimal(a.n());
    }
    if (a.bool() != null) {
      return a.bool();
    }
    if (Boolean.TRUE.equals(a.nul())) {
      return null;
    }
    if (a.b() != null) {
      return a.b().asByteArray();
    }
    if (a.hasM()) {
      return fromMap(a.m());
    }
    if (a.hasL()) {
      List<Object> out = new ArrayList<>(a.l().size());
      for (AttributeValue x : a.l()) {
        out.add(fromAttribute(x));
      }
      return out;
    }
    if (a.hasSs()) {
      return new ArrayList<>(a.ss());
    }
    if (a.hasNs()) {
      return a.ns().stream().map(BigDecimal::new).toList();
    }
    return null;
  }

  static Map<String, Object> fromMap(Map<String, AttributeValue> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, fromAttribute(v)));
    return out;
  }

  /** Returns the size DynamoDB counts for an item: attribute names plus values. */
  static long itemSize(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      size += utf8(e.getKey()) + size(e.getValue());
    }
    return size;
  }

  private static long size(AttributeValue a) {
    if (a.s() != null) {
      return utf8(a.s());
    }
    if (a.n() != null) {
      return numberSize(a.n());
    }
    if (a.b() != null) {
      return a.b().asByteArray().length;
    }
    if (a.hasM()) {
      long s = 3;
      for (Map.Entry<String, AttributeValue> e : a.m().entrySet()) {
        s += utf8(e.getKey()) + size(e.getValue()) + 1;
      }
      return s;
    }
    if (a.hasL()) {
      long s = 3;
      for (AttributeValue x : a.l()) {
        s += size(x) + 1;
      }
      return s;
    }
    return 1; // BOOL, NULL
  }

  /**
   * "Numbers are variable length, with up to 38 significant digits. Leading and trailing zeroes are
   * trimmed. The size of a number is approximately (1 byte per two significant digits) + (1 byte)"
   * (DynamoDB Developer Guide, item sizes and formats). Sign, decimal point and exponent are not
   * digits.
   */
  static long numberSize(String n) {
    String mantissa = n.trim();
    int e = Math.max(mantissa.indexOf('e'), mantissa.indexOf('E'));
    if (e >= 0) {
      mantissa = mantissa.substring(0, e);
    }
    String digits = mantissa.replace("-", "").replace("+", "").replace(".", "");
    int from = 0;
    while (from < digits.length() - 1 && digits.charAt(from) == '0') {
      from++;
    }
    int to = digits.length();
    while (to > from + 1 && digits.charAt(to - 1) == '0') {
      to--;
    }
    int significant = Math.max(1, to - from);
    return (significant + 1) / 2 + 1;
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
