package dev.runway.micrometer;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a tag's values bounded: the first {@code cap} distinct values pass (trimmed, lower case, at
 * most 64 characters), later new ones read {@code other}. Labels and personas are user text; a
 * metrics backend bills and slows down per time series.
 */
final class BoundedValues {

  static final String OTHER = "other";
  static final String NONE = "none";
  private static final int MAX_LENGTH = 64;

  private final int cap;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  BoundedValues(int cap) {
    if (cap < 0) {
      throw new IllegalArgumentException("cap must be >= 0, was " + cap);
    }
    this.cap = cap;
  }

  /**
   * Returns {@code value} as a tag value, or {@code other} once the cap of distinct values is
   * reached.
   */
  String of(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return NONE;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.length() > MAX_LENGTH) {
      v = v.substring(0, MAX_LENGTH);
    }
    if (seen.contains(v)) {
      return v;
    }
    synchronized (seen) {
      if (seen.contains(v)) {
        return v;
      }
      if (seen.size() >= cap) {
        return OTHER;
      }
      seen.add(v);
      return v;
    }
  }
}
