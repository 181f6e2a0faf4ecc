package dev.runway.core.spi;

import dev.runway.core.error.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read-only view of one section of the configuration with typed getters. Every getter names the
 * full dotted key in its {@link ConfigurationException}, and never repeats the value of a secret
 * key (one whose name contains {@code password}, {@code secret} or {@code token}). Immutable and
 * thread-safe.
 */
public final class ConfigSection {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*([kmgt]i?b?|b)?", Pattern.CASE_INSENSITIVE);

  private final String path;
  private final Map<String, Object> values;
  private final Path baseDirectory;

  /**
   * Creates a view.
   *
   * @param path the dotted path of this section, empty for the root
   * @param values the section's values: strings, numbers, booleans, lists and nested maps
   * @param baseDirectory where relative paths are resolved
   */
  public ConfigSection(String path, Map<String, ?> values, Path baseDirectory) {
    this.path = path;
    this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
    this.baseDirectory = baseDirectory;
  }

  /** Returns the dotted path of this section ({@code database.athena}). */
  public String path() {
    return path;
  }

  /** Returns the full dotted key of {@code key} in this section. */
  public String keyOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Returns the keys present in this section. */
  public Set<String> keys() {
    return values.keySet();
  }

  /** Returns whether {@code key} is present. */
  public boolean has(String key) {
    return values.containsKey(key) && values.get(key) != null;
  }

  /** Returns whether a key's value must never be printed. */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("token")
        || k.endsWith("auth");
  }

  /**
   * Fails if the section has a key outside {@code allowed}.
   *
   * @throws ConfigurationException naming the unknown key and the allowed ones
   */
  public void requireKnownKeys(Collection<String> allowed) {
    for (String k : values.keySet()) {
      if (!allowed.contains(k)) {
        throw new ConfigurationException(
            keyOf(k),
            "unknown key; allowed here: " + String.join(", ", new TreeSet<>(allowed)),
            null);
      }
    }
  }

  /** Returns a nested section (empty if absent). */
  @SuppressWarnings("unchecked")
  public ConfigSection section(String key) {
    Object v = values.get(key);
    if (v == null) {
      return new ConfigSection(keyOf(key), Map.of(), baseDirectory);
    }
    if (!(v instanceof Map)) {
      throw new ConfigurationException(
          keyOf(key), "must be a section (a map of keys), not a single value", null);
    }
    return new ConfigSection(keyOf(key), (Map<String, Object>) v, baseDirectory);
  }

  /** Returns a string value. */
  public Optional<String> string(String key) {
    Object v = values.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Map || v instanceof List) {
      throw new ConfigurationException(
          keyOf(key),
          "must be a single value, not a " + (v instanceof Map ? "section" : "list"),
          null);
    }
    String s = v.toString().trim();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /**
   * Returns a list of texts: a YAML list, or one text whose items are separated by commas; blank
   * items are dropped. Empty when the key is absent.
   */
  public List<String> list(String key) {
    Object v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof Map) {
      throw new ConfigurationException(
          keyOf(key), "must be a list or a text separated by commas, not a section", null);
    }
    List<String> out = new java.util.ArrayList<>();
    Collection<?> items = v instanceof Collection<?> c ? c : List.of(v.toString().split(","));
    for (Object item : items) {
      if (item instanceof Map || item instanceof Collection) {
        throw new ConfigurationException(keyOf(key), "must be a list of single values", null);
      }
      String text = item == null ? "" : item.toString().trim();
      if (!text.isEmpty()) {
        out.add(text);
      }
    }
    return List.copyOf(out);
  }

  /** Returns a required string value. */
  public String requireString(String key) {
    return string(key).orElseThrow(() -> missing(key));
  }

  /** Returns a string that must be one of {@code allowed} (case-insensitive), lower-cased. */
  public Optional<String> choice(String key, Collection<String> allowed) {
    Optional<String> s = string(key).map(x -> x.toLowerCase(Locale.ROOT));
    if (s.isPresent() && !allowed.contains(s.get())) {
      throw new ConfigurationException(
          keyOf(key),
          "'"
              + s.get()
              + "' is not allowed; use one of "
              + String.join(", ", new TreeSet<>(allowed)),
          null);
    }
    return s;
  }

  /**
   * Returns a duration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601
   * ({@code PT5M}).
   */
  public Optional<Duration> duration(String key) {
    return string(key).map(s -> parseDuration(keyOf(key), s));
  }

  /** Returns a duration that must be positive, or {@code defaultValue}. */
  public Duration positiveDuration(String key, Duration defaultValue) {
    Duration d = duration(key).orElse(defaultValue);
    if (d.isNegative() || d.isZero()) {
      throw new ConfigurationException(keyOf(key), "must be positive, got " + d, null);
    }
    return d;
  }

  /** Parses a duration, naming {@code key} in the error. */
  public static Duration parseDuration(String key, String s) {
    Matcher m = DURATION.matcher(s.trim());
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } catch (NumberFormatException | ArithmeticException e) {
        throw new ConfigurationException(
            key,
            "'" + s + "' is too long a duration; write at most " + "292 years (for example 30d)",
            null);
      }
    }
    try {
      return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new ConfigurationException(
          key,
          "'"
              + s
              + "' is not a duration; write a whole number "
              + "with a unit ms, s, m, h or d (for example 5m) or ISO-8601 (PT5M)",
          null);
    }
  }

  /** Returns an integer. */
  public Optional<Integer> integer(String key) {
    return string(key)
        .map(
            s -> {
              try {
                return Integer.parseInt(s);
              } catch (NumberFormatException e) {
                throw new ConfigurationException(
                    keyOf(key), "'" + display(key, s) + "' is not a whole number", null);
              }
            });
  }

  /** Returns a number. */
  public Optional<Double> number(String key) {
    return string(key)
        .map(
            s -> {
              try {
                return Double.parseDouble(s);
              } catch (NumberFormatException e) {
                throw new ConfigurationException(
                    keyOf(key), "'" + display(key, s) + "' is not a number", null);
              }
            });
  }

  /** Returns a boolean ({@code true}/{@code false}). */
  public Optional<Boolean> bool(String key) {
    return string(key)
        .map(
            s ->
                switch (s.toLowerCase(Locale.ROOT)) {
                  case "true", "yes", "on" -> true;
                  case "false", "no", "off" -> false;
                  default ->
                      throw new ConfigurationException(
                          keyOf(key),
                          "'" + display(key, s) + "' is not a boolean; use true or false",
                          null);
                });
  }

  /** Returns a size in bytes: {@code 1048576}, {@code 512KB}, {@code 256MB}, {@code 1GiB}. */
  public Optional<Long> bytes(String key) {
    return string(key).map(s -> parseBytes(keyOf(key), s));
  }

  /**
   * Parses a size: a number of bytes with an optional unit {@code KB}, {@code MB}, {@code GB},
   * {@code TB} (powers of 1024).
   *
   * @throws ConfigurationException naming {@code key} if the text is not a size
   */
  public static long parseBytes(String key, String s) {
    Matcher m = SIZE.matcher(s.trim());
    if (!m.matches()) {
      throw new ConfigurationException(
          key,
          "'"
              + s
              + "' is not a size; write a number "
              + "of bytes with an optional unit KB, MB, GB (powers of 1024), for example 256MB",
          null);
    }
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    try {
      long n = Long.parseLong(m.group(1));
      return switch (unit.charAt(0)) {
        case 'k' -> Math.multiplyExact(n, 1L << 10);
        case 'm' -> Math.multiplyExact(n, 1L << 20);
        case 'g' -> Math.multiplyExact(n, 1L << 30);
        case 't' -> Math.multiplyExact(n, 1L << 40);
        default -> n;
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigurationException(
          key, "'" + s + "' is too large a size; write at most 8EB " + "(for example 256MB)", null);
    }
  }

  /**
   * Runs a builder setter for {@code key}, turning the setter's refusal of the value ({@code
   * IllegalArgumentException}) into a {@link ConfigurationException} that names the full key.
   * Factories call their builders' setters this way inside {@code configure}, so a bad value is
   * found before any component is created.
   */
  public void apply(String key, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      // the key names the setting: drop a Java builder name the message may start with
      // ("poolSize must be >= 1" reads "cache.redis.pool-size: must be >= 1")
      String message =
          String.valueOf(e.getMessage())
              .replaceFirst("^[a-z]+(?:[A-Z][a-z0-9]*)+ (?=must|is|has)", "");
      throw new ConfigurationException(keyOf(key), message, null);
    }
  }

  /** Returns a URI, checked for syntax. */
  public Optional<URI> uri(String key) {
    return string(key)
        .map(
            s -> {
              try {
                URI u = new URI(s);
                if (u.getScheme() == null) {
                  throw new URISyntaxException(s, "no scheme");
                }
                return u;
              } catch (URISyntaxException e) {
                throw new ConfigurationException(
                    keyOf(key),
                    "'"
                        + display(key, s)
                        + "' is not a URI with a scheme (for example rediss://host:6379)",
                    null);
              }
            });
  }

  /** Returns a path, resolved against the configuration's directory when relative. */
  public Optional<Path> path(String key) {
    return string(key)
        .map(
            s -> {
              Path p = Path.of(s);
              return p.isAbsolute() || baseDirectory == null
                  ? p
                  : baseDirectory.resolve(p).normalize();
            });
  }

  private String display(String key, String value) {
    return isSecret(key) ? "***" : value;
  }

  private ConfigurationException missing(String key) {
    return new ConfigurationException(keyOf(key), "is required but missing", null);
  }

  /** Shows keys, with secret values masked. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(path.isEmpty() ? "config" : path).append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(e.getKey()).append('=');
      Object v = e.getValue();
      if (v instanceof Map) {
        sb.append(section(e.getKey()).toString().substring(keyOf(e.getKey()).length()));
      } else {
        sb.append(isSecret(e.getKey()) ? "***" : String.valueOf(v));
      }
    }
    return sb.append('}').toString();
  }
}
