package dev.runway.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.spi.ConfigKey;
import dev.runway.core.spi.ConfigSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runway's configuration: a YAML file shaped like {@code runway.yaml}, with every key overridable
 * by a system property ({@code -Drunway.database.type=athena}) or an environment variable ({@code
 * RUNWAY_DATABASE_TYPE=athena}; dots and hyphens become underscores), in that order of precedence,
 * and {@code ${VAR}} / {@code ${VAR:-default}} interpolation of environment variables (then system
 * properties) in every value, for secrets.
 *
 * <p>Loading checks syntax and interpolation only; {@link Runway#fromConfig(RunwayConfig)} checks
 * keys, types and values, all before connecting to anything. Immutable. {@link #toString()} masks
 * secret values.
 */
public final class RunwayConfig {

  // a key given twice in one mapping is refused: "type: local" then "type: none" is a mistake,
  // not an override
  /**
   * The YAML reader, created on the first file or text to read: a configuration given by the
   * environment alone (a Lambda function's) loads no YAML classes at start.
   */
  private static final class Yaml {
    static final ObjectMapper MAPPER =
        new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  }

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::-([^}]*))?}");

  private final Map<String, Object> tree;
  private final Path baseDirectory;

  private RunwayConfig(Map<String, Object> tree, Path baseDirectory) {
    this.tree = tree;
    this.baseDirectory = baseDirectory;
  }

  /** Loads a file with overrides from the process environment and system properties. */
  public static RunwayConfig load(Path file) {
    return load(file, System.getenv(), System.getProperties());
  }

  /**
   * Loads a file with the given environment and system properties (for tests and tools).
   *
   * @throws ConfigurationException if the file is missing, not YAML, or refers to an unset variable
   */
  public static RunwayConfig load(Path file, Map<String, String> env, Properties properties) {
    Objects.requireNonNull(file, "file");
    String text;
    if (!Files.exists(file)) {
      throw new ConfigurationException(
          null,
          "configuration file not found: "
              + file.toAbsolutePath()
              + "; create it or pass the path of an existing runway.yaml",
          null);
    }
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigurationException(
          null, "cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    Path dir = Objects.requireNonNull(file.toAbsolutePath().getParent(), "a file has a directory");
    return parse(text, dir, env, properties);
  }

  /** Returns the defaults (embedded database, local cache, memory sessions) with no overrides. */
  public static RunwayConfig defaults() {
    return parse("{}", Path.of("").toAbsolutePath(), Map.of(), new Properties());
  }

  /**
   * Parses YAML text.
   *
   * @param yaml the text
   * @param baseDirectory where relative paths resolve
   * @param env environment variables for overrides and interpolation
   * @param properties system properties for overrides and interpolation
   */
  public static RunwayConfig parse(
      String yaml, Path baseDirectory, Map<String, String> env, Properties properties) {
    Map<String, Object> tree = null;
    try {
      Object top = yaml.isBlank() ? null : Yaml.MAPPER.readValue(yaml, Object.class);
      if (top != null && !(top instanceof Map)) {
        throw new ConfigurationException(
            null,
            "the configuration must be a mapping of sections "
                + "(database:, cache:, sessions:, auth:, resilience:), not a "
                + (top instanceof List ? "list" : "single value"),
            null);
      }
      if (top != null) {
        tree = Yaml.MAPPER.readValue(yaml, new TypeReference<LinkedHashMap<String, Object>>() {});
      }
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage();
      if (msg != null && msg.startsWith("Duplicate field")) {
        msg =
            "a key is given twice in the same section ("
                + msg.substring("Duplicate field ".length())
                + "); keep one";
      }
      throw new ConfigurationException(
          null, "configuration is not valid YAML: " + msg + locationOf(e), null);
    }
    if (tree == null) {
      tree = new LinkedHashMap<>();
    }
    tree = canonicalKeys("", tree, Factories.aliases());
    Set<String> keys = new TreeSet<>(Factories.knownKeys());
    collectKeys("", tree, keys);
    for (String key : keys) {
      String fromProperty = properties.getProperty("runway." + key);
      String fromEnv = env.get(envName(key));
      String value = fromProperty != null ? fromProperty : fromEnv;
      if (value != null) {
        set(tree, key, value);
      }
    }
    interpolate("", tree, env, properties);
    return new RunwayConfig(tree, baseDirectory);
  }

  /**
   * Rewrites other spellings of keys to the documented ones: snake_case to kebab-case ({@code
   * output_location} is {@code output-location}), and each factory's own aliases. The same key
   * given in two spellings in one section is refused, naming both.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> canonicalKeys(
      String path, Map<String, Object> map, Map<String, Map<String, String>> aliases) {
    Map<String, String> own = aliases.getOrDefault(path, Map.of());
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, String> spelledAs = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : map.entrySet()) {
      String key = e.getKey().replace('_', '-');
      key = own.getOrDefault(key, key);
      String full = path.isEmpty() ? key : path + "." + key;
      Object value =
          e.getValue() instanceof Map<?, ?> m
              ? canonicalKeys(full, (Map<String, Object>) m, aliases)
              : e.getValue();
      String before = spelledAs.putIfAbsent(key, e.getKey());
      if (before != null) {
        throw new ConfigurationException(
            full,
            "is given twice, as '"
                + before
                + "' and as '"
                + e.getKey()
                + "'; keep one (the documented spelling is '"
                + key
                + "')",
            null);
      }
      out.put(key, value);
    }
    return out;
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /**
   * Returns every key declared by the factories on the class path and by the facade, by full dotted
   * name, in the order of the configuration reference: each component's own keys, then each type's
   * section (types in alphabetical order), then {@code resilience}. Each declaration carries its
   * type, default, secrecy and description; Runway's configuration reference and its Spring Boot
   * metadata are generated from these.
   */
  public static Map<String, ConfigKey> declaredKeys() {
    return Collections.unmodifiableMap(Factories.declaredKeys());
  }

  /**
   * Returns every dotted key that can be set with the modules on the class path ({@code
   * database.athena.output-location}, {@code cache.ttl}, ...): what integrations such as the Spring
   * Boot starter bind and validate against.
   */
  public static Set<String> knownKeys() {
    return Collections.unmodifiableSet(Factories.knownKeys());
  }

  /**
   * Returns the environment variable that overrides {@code key}: {@code RUNWAY_CACHE_REDIS_URI}.
   */
  public static String envName(String key) {
    return "RUNWAY_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  @SuppressWarnings("unchecked")
  private static void collectKeys(String prefix, Map<String, Object> node, Set<String> out) {
    for (Map.Entry<String, Object> e : node.entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue() instanceof Map) {
        collectKeys(key, (Map<String, Object>) e.getValue(), out);
      } else {
        out.add(key);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void set(Map<String, Object> tree, String dotted, String value) {
    String[] parts = dotted.split("\\.");
    Map<String, Object> node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.get(parts[i]);
      if (!(child instanceof Map)) {
        child = new LinkedHashMap<String, Object>();
        node.put(parts[i], child);
      }
      node = (Map<String, Object>) child;
    }
    node.put(parts[parts.length - 1], value);
  }

  @SuppressWarnings("unchecked")
  private static void interpolate(
      String prefix, Map<String, Object> node, Map<String, String> env, Properties properties) {
    for (Map.Entry<String, Object> e : node.entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      Object v = e.getValue();
      if (v instanceof Map) {
        interpolate(key, (Map<String, Object>) v, env, properties);
      } else if (v instanceof String s) {
        e.setValue(interpolate(key, s, env, properties));
      } else if (v instanceof List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object item : list) {
          copy.add(item instanceof String s ? interpolate(key, s, env, properties) : item);
        }
        e.setValue(copy);
      }
    }
  }

  private static String interpolate(
      String key, String s, Map<String, String> env, Properties properties) {
    if (!s.contains("${")) {
      return s;
    }
    Matcher m = VARIABLE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = env.get(name);
      if (value == null) {
        value = properties.getProperty(name);
      }
      if (value == null) {
        value = m.group(2);
      }
      if (value == null) {
        throw new ConfigurationException(
            key,
            "refers to ${"
                + name
                + "}, which is not set; set the "
                + "environment variable or give a default with ${"
                + name
                + ":-value}",
            null);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Returns the root section. */
  public ConfigSection root() {
    return new ConfigSection("", tree, baseDirectory);
  }

  /** Returns the directory relative paths resolve against. */
  public Path baseDirectory() {
    return baseDirectory;
  }

  /** Shows the configuration with secret values masked. */
  @Override
  public String toString() {
    return "RunwayConfig" + root();
  }
}
