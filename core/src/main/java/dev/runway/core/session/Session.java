package dev.runway.core.session;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of a user's session: who, which persona, free-form attributes, when it was
 * created, last used and expires, and its version for optimistic concurrency.
 *
 * <p>Attribute values are JSON-like: {@code String}, {@code Boolean}, numbers, {@code List}, {@code
 * Map<String, ?>} and {@code null}, so every store can persist them. The session id is a bearer
 * credential: {@link #toString()} shows only its first characters.
 */
public final class Session {

  private final String id;
  private final String userId;
  private final @Nullable String persona;
  private final Map<String, Object> attributes;
  private final Instant createdAt;
  private final Instant lastAccessedAt;
  private final Instant expiresAt;
  private final long version;

  /**
   * Creates a snapshot; stores call this, applications use the {@code with*} methods.
   *
   * @param id the session id
   * @param userId the user the session belongs to
   * @param persona the active persona, or {@code null}
   * @param attributes the attributes (copied; may contain {@code null} values)
   * @param createdAt creation time
   * @param lastAccessedAt last use
   * @param expiresAt the moment the session stops being returned
   * @param version the optimistic-concurrency version, starting at 1
   */
  public Session(
      String id,
      String userId,
      @Nullable String persona,
      Map<String, ?> attributes,
      Instant createdAt,
      Instant lastAccessedAt,
      Instant expiresAt,
      long version) {
    this.id = Objects.requireNonNull(id, "id");
    this.userId = Objects.requireNonNull(userId, "userId");
    this.persona = persona;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.lastAccessedAt = Objects.requireNonNull(lastAccessedAt, "lastAccessedAt");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.version = version;
  }

  /** Returns the session id (at least 128 random bits, URL-safe). */
  public String id() {
    return id;
  }

  /** Returns the id of the user the session belongs to. */
  public String userId() {
    return userId;
  }

  /** Returns the active persona. */
  public Optional<String> persona() {
    return Optional.ofNullable(persona);
  }

  /** Returns the attributes (unmodifiable). */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** Returns one attribute. */
  public Optional<Object> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }

  /** Returns when the session was created. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Returns when the session was last used. */
  public Instant lastAccessedAt() {
    return lastAccessedAt;
  }

  /** Returns when the session expires. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** Returns the version this snapshot was read at. */
  public long version() {
    return version;
  }

  /** Returns whether the session has expired at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Returns a copy with one attribute set ({@code null} value allowed). */
  public Session withAttribute(String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(attributes);
    copy.put(Objects.requireNonNull(name, "name"), value);
    return withAttributes(copy);
  }

  /** Returns a copy with one attribute removed. */
  public Session withoutAttribute(String name) {
    Map<String, Object> copy = new LinkedHashMap<>(attributes);
    copy.remove(name);
    return withAttributes(copy);
  }

  /** Returns a copy with all attributes replaced. */
  public Session withAttributes(Map<String, ?> newAttributes) {
    return new Session(
        id, userId, persona, newAttributes, createdAt, lastAccessedAt, expiresAt, version);
  }

  /** Returns a copy with another persona. */
  public Session withPersona(String newPersona) {
    return new Session(
        id, userId, newPersona, attributes, createdAt, lastAccessedAt, expiresAt, version);
  }

  /** Returns a copy with new times and version; for stores. */
  public Session withState(Instant newLastAccessedAt, Instant newExpiresAt, long newVersion) {
    return new Session(
        id, userId, persona, attributes, createdAt, newLastAccessedAt, newExpiresAt, newVersion);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Session s
        && id.equals(s.id)
        && userId.equals(s.userId)
        && Objects.equals(persona, s.persona)
        && attributes.equals(s.attributes)
        && createdAt.equals(s.createdAt)
        && lastAccessedAt.equals(s.lastAccessedAt)
        && expiresAt.equals(s.expiresAt)
        && version == s.version;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version);
  }

  @Override
  public String toString() {
    return "Session{id="
        + mask(id)
        + ", userId="
        + userId
        + ", persona="
        + persona
        + ", attributes="
        + attributes.keySet()
        + ", expiresAt="
        + expiresAt
        + ", version="
        + version
        + "}";
  }

  /** Returns the first 4 characters of a session id followed by an ellipsis, for messages. */
  public static String mask(String sessionId) {
    return sessionId == null
        ? "null"
        : sessionId.length() <= 4 ? "***" : sessionId.substring(0, 4) + "...";
  }
}
