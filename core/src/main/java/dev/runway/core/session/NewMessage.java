package dev.runway.core.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message to append with {@link SessionStore#appendMessages}: who spoke, what was said and its
 * metadata. The store stamps it with its clock and the next sequence number.
 *
 * @param role who spoke, such as {@code user} or {@code assistant}
 * @param content the text
 * @param metadata extra JSON-like values, null values included; {@code null} means none
 */
public record NewMessage(String role, String content, Map<String, Object> metadata) {

  /** Validates and copies. */
  public NewMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    metadata =
        metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** Returns a message with the given metadata (copied; null values kept). */
  public static NewMessage of(String role, String content, Map<String, ?> metadata) {
    return new NewMessage(
        role, content, metadata == null ? Map.of() : new LinkedHashMap<String, Object>(metadata));
  }
}
