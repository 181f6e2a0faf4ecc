package dev.runway.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One configuration key, declared once: its name within its section, its type, its default, whether
 * its value is a secret, and what it means. A factory's accepted keys, their validation, the Spring
 * Boot configuration metadata and the configuration reference are all derived from these
 * declarations (see {@link ConfigKeys}). Immutable.
 *
 * @param name the key within its section, in kebab-case ({@code output-location})
 * @param type what the value must be; reading checks it and names the full key when it is not
 * @param defaultValue the default as a user would write it ({@code 30s}), or {@code null} when the
 *     key has none or its default depends on other keys (then the description says so)
 * @param secret whether the value must never be printed (passwords, tokens, secrets)
 * @param description one or two sentences for the reference and the IDE
 * @param values the allowed values of a {@link Type#CHOICE} key, in the order to document them;
 *     empty for other types
 */
public record ConfigKey(
    String name,
    Type type,
    @Nullable String defaultValue,
    boolean secret,
    String description,
    List<String> values) {

  /** What a key's value is, and how it is written. */
  public enum Type {
    /** Any text. */
    STRING("java.lang.String"),
    /** A whole number. */
    INTEGER("java.lang.Integer"),
    /** A decimal number. */
    NUMBER("java.lang.Double"),
    /** {@code true} or {@code false}. */
    BOOLEAN("java.lang.Boolean"),
    /**
     * A duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601
     * ({@code PT5M}).
     */
    DURATION("java.time.Duration"),
    /** A size in bytes: {@code 512MB}, {@code 2GiB}, {@code 1024}. */
    SIZE("org.springframework.util.unit.DataSize"),
    /** A URI. */
    URI("java.net.URI"),
    /** A file path, relative to the configuration file's directory. */
    PATH("java.nio.file.Path"),
    /** One of a fixed set of values ({@link ConfigKey#values()}). */
    CHOICE("java.lang.String"),
    /** A list of texts: a YAML list, or one text separated by commas. */
    LIST("java.util.List<java.lang.String>");

    private final String javaType;

    Type(String javaType) {
      this.javaType = javaType;
    }

    /** Returns the Java type that stands for this type in Spring Boot's configuration metadata. */
    public String javaType() {
      return javaType;
    }
  }

  /** Checks the declaration. */
  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    values = List.copyOf(values);
    if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)*")) {
      throw new IllegalArgumentException("a configuration key is kebab-case, got '" + name + "'");
    }
    if (description.isBlank()) {
      throw new IllegalArgumentException("key '" + name + "' needs a description");
    }
    if ((type == Type.CHOICE) == values.isEmpty()) {
      throw new IllegalArgumentException(
          "key '" + name + "': a CHOICE key lists its values, and only a " + "CHOICE key does");
    }
    if (secret && defaultValue != null) {
      throw new IllegalArgumentException("secret key '" + name + "' cannot have a default");
    }
  }

  /** Returns the default as a user would write it, if the key has one. */
  public Optional<String> defaultText() {
    return Optional.ofNullable(defaultValue);
  }
}
