package dev.runway.core.spi;

import dev.runway.core.error.ConfigurationException;
import dev.runway.core.spi.ConfigKey.Type;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The keys of one configuration section, each declared once with its type, default, secrecy,
 * description and, where it maps onto one builder setter, that setter. A factory returns its keys
 * from {@link ComponentFactory#configKeys()}; from the same declarations come the keys Runway
 * accepts in the section, the type check of every value present, the application of the simple keys
 * to a builder ({@link #apply}), Spring Boot's configuration metadata and the configuration
 * reference. Keys whose meaning spans several keys (a budget and its estimator, a pair of byte
 * ranges) are declared without a setter and read by the factory's own code.
 *
 * <p>Immutable and thread-safe once built.
 *
 * @param <B> the builder the setters apply to
 */
public final class ConfigKeys<B> {

  private static final ConfigKeys<Object> NONE = new ConfigKeys<>(new LinkedHashMap<>());

  private final Map<String, Entry<B, ?>> entries;

  private record Entry<B, V>(
      ConfigKey key, Class<V> valueType, @Nullable BiConsumer<B, V> setter) {}

  private ConfigKeys(Map<String, Entry<B, ?>> entries) {
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** Returns an empty declaration: a section that accepts no key. */
  @SuppressWarnings("unchecked")
  public static <B> ConfigKeys<B> none() {
    return (ConfigKeys<B>) NONE;
  }

  /** Returns a builder of declarations for keys that apply to a {@code B}. */
  public static <B> Builder<B> builder() {
    return new Builder<>();
  }

  /** Returns the declared keys in declaration order. */
  public List<ConfigKey> keys() {
    List<ConfigKey> out = new ArrayList<>(entries.size());
    entries.values().forEach(e -> out.add(e.key()));
    return Collections.unmodifiableList(out);
  }

  /** Returns the names of the declared keys, in declaration order. */
  public Set<String> names() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(entries.keySet()));
  }

  /** Returns the declaration of {@code name}, if it is declared. */
  public Optional<ConfigKey> key(String name) {
    Entry<B, ?> e = entries.get(name);
    return e == null ? Optional.empty() : Optional.of(e.key());
  }

  /**
   * Checks the section against the declarations: no undeclared key, and every value present of its
   * declared type (a duration where a duration is declared, one of the listed values for a choice).
   *
   * @throws ConfigurationException naming the full key, what was expected, and never a secret's
   *     value
   */
  public void validate(ConfigSection section) {
    section.requireKnownKeys(entries.keySet());
    for (Entry<B, ?> e : entries.values()) {
      if (section.has(e.key().name())) {
        read(section, e.key());
      }
    }
  }

  /**
   * Validates the section and applies each present key that has a setter to {@code target}. A
   * setter that refuses its value ({@link IllegalArgumentException}) is reported as a {@link
   * ConfigurationException} naming the full key; the value of a secret key is never quoted.
   */
  public void apply(ConfigSection section, B target) {
    Objects.requireNonNull(target, "target");
    validate(section);
    for (Entry<B, ?> e : entries.values()) {
      if (e.setter() != null && section.has(e.key().name())) {
        applyOne(section, target, e);
      }
    }
  }

  private static <B, V> void applyOne(ConfigSection section, B target, Entry<B, V> e) {
    V value = e.valueType().cast(read(section, e.key()));
    BiConsumer<B, V> setter = Objects.requireNonNull(e.setter());
    section.apply(e.key().name(), () -> setter.accept(target, value));
  }

  /** Reads the value of {@code key} as its declared type; the section must have the key. */
  static Object read(ConfigSection section, ConfigKey key) {
    String name = key.name();
    return switch (key.type()) {
      case STRING -> section.requireString(name);
      case INTEGER -> section.integer(name).orElseThrow();
      case NUMBER -> section.number(name).orElseThrow();
      case BOOLEAN -> section.bool(name).orElseThrow();
      case DURATION -> section.duration(name).orElseThrow();
      case SIZE -> section.bytes(name).orElseThrow();
      case URI -> section.uri(name).orElseThrow();
      case PATH -> section.path(name).orElseThrow();
      case CHOICE -> choice(section, key);
      case LIST -> section.list(name);
    };
  }

  /** Returns the allowed value the text names, ignoring case, in the declared spelling. */
  private static String choice(ConfigSection section, ConfigKey key) {
    String text = section.requireString(key.name());
    for (String allowed : key.values()) {
      if (allowed.equalsIgnoreCase(text)) {
        return allowed;
      }
    }
    throw new ConfigurationException(
        section.keyOf(key.name()),
        "'" + text + "' is not allowed; use one of " + String.join(", ", key.values()),
        null);
  }

  @Override
  public String toString() {
    return "ConfigKeys" + entries.keySet();
  }

  /**
   * Declares keys one by one, each with its type; not thread-safe. A key declared twice is refused.
   *
   * @param <B> the builder the setters apply to
   */
  public static final class Builder<B> {

    private final Map<String, Entry<B, ?>> entries = new LinkedHashMap<>();

    private Builder() {}

    private <V> Builder<B> add(
        ConfigKey key, Class<V> valueType, @Nullable BiConsumer<B, V> setter) {
      if (entries.putIfAbsent(key.name(), new Entry<>(key, valueType, setter)) != null) {
        throw new IllegalStateException("configuration key '" + key.name() + "' is declared twice");
      }
      return this;
    }

    private static ConfigKey key(
        String name, Type type, @Nullable String defaultValue, String description) {
      return new ConfigKey(name, type, defaultValue, false, description, List.of());
    }

    /** Declares a text key. */
    public Builder<B> string(
        String name,
        @Nullable String defaultValue,
        String description,
        @Nullable BiConsumer<B, String> setter) {
      return add(key(name, Type.STRING, defaultValue, description), String.class, setter);
    }

    /** Declares a secret text key: its value is never printed, in errors or anywhere else. */
    public Builder<B> secret(
        String name, String description, @Nullable BiConsumer<B, String> setter) {
      return add(
          new ConfigKey(name, Type.STRING, null, true, description, List.of()),
          String.class,
          setter);
    }

    /** Declares a whole-number key. */
    public Builder<B> integer(
        String name,
        @Nullable String defaultValue,
        String description,
        @Nullable BiConsumer<B, Integer> setter) {
      return add(key(name, Type.INTEGER, defaultValue, description), Integer.class, setter);
    }

    /** Declares a decimal-number key. */
    public Builder<B> number(
        String name,
        @Nullable String defaultValue,
        String description,
        @Nullable BiConsumer<B, Double> setter) {
      return add(key(name, Type.NUMBER, defaultValue, description), Double.class, setter);
    }

    /** Declares a {@code true}/{@code false} key. */
    public Builder<B> bool(
        String name,
        @Nullable String defaultValue,
        String description,
        @Nullable BiConsumer<B, Boolean> setter) {
      return add(key(name, Type.BOOLEAN, defaultValue, description), Boolean.class, setter);
    }

    /** Declares a duration key ({@code 30s}, {@code 5m}). */
    public Builder<B> duration(
        String name,
        @Nullable String defaultValue,
        String description,
        @Nullable BiConsumer<B, Duration> setter) {
      return add(key(name, Type.DURATION, defaultValue, description), Duration.class, setter);
    }

    /** Declares a size key ({@code 512MB}); the setter receives bytes. */
    public Builder<B> size(
        String name,
        @Nullable String defaultValue,
        String description,
        @Nullable BiConsumer<B, Long> setter) {
      return add(key(name, Type.SIZE, defaultValue, description), Long.class, setter);
    }

    /** Declares a URI key. */
    public Builder<B> uri(
        String name,
        @Nullable String defaultValue,
        String description,
        @Nullable BiConsumer<B, URI> setter) {
      return add(key(name, Type.URI, defaultValue, description), URI.class, setter);
    }

    /** Declares a file-path key, resolved against the configuration file's directory. */
    public Builder<B> path(
        String name,
        @Nullable String defaultValue,
        String description,
        @Nullable BiConsumer<B, Path> setter) {
      return add(key(name, Type.PATH, defaultValue, description), Path.class, setter);
    }

    /**
     * Declares a key whose value is one of {@code values} (case-insensitive, passed lower-cased).
     */
    public Builder<B> choice(
        String name,
        List<String> values,
        @Nullable String defaultValue,
        String description,
        @Nullable BiConsumer<B, String> setter) {
      return add(
          new ConfigKey(name, Type.CHOICE, defaultValue, false, description, values),
          String.class,
          setter);
    }

    /** Declares a list key: a YAML list, or one text separated by commas. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Builder<B> list(
        String name, String description, @Nullable BiConsumer<B, List<String>> setter) {
      return add(key(name, Type.LIST, null, description), (Class) List.class, (BiConsumer) setter);
    }

    /** Declares the keys of {@code other} too, with their setters applied to the same builder. */
    public Builder<B> include(ConfigKeys<? super B> other) {
      for (Entry<? super B, ?> e : other.entries.values()) {
        includeOne(e);
      }
      return this;
    }

    @SuppressWarnings("unchecked")
    private <V> void includeOne(Entry<? super B, V> e) {
      add(e.key(), e.valueType(), (BiConsumer<B, V>) e.setter());
    }

    /** Returns the declarations. */
    public ConfigKeys<B> build() {
      return new ConfigKeys<>(entries);
    }
  }
}
