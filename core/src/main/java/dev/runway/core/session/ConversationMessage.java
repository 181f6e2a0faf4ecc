package dev.runway.core.session;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message of a session's conversation history.
 *
 * @param role who spoke, such as {@code user} or {@code assistant}
 * @param content the text
 * @param timestamp when the store recorded it
 * @param sequence its position in the session's history, increasing from 1; two messages with the
 *     same timestamp are ordered by it
 * @param metadata extra JSON-like values (for example the SQL run for the answer)
 */
public record ConversationMessage(
    String role, String content, Instant timestamp, long sequence, Map<String, Object> metadata) {

  /** Validates and copies. */
  public ConversationMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(timestamp, "timestamp");
    // JSON-like values, null included (Map.copyOf would refuse a null value)
    metadata =
        metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }
}
