package dev.runway.core;

import dev.runway.core.spi.AuthProviderFactory;
import dev.runway.core.spi.ComponentFactory;
import dev.runway.core.spi.DatabaseClientFactory;
import dev.runway.core.spi.QueryCacheFactory;
import dev.runway.core.spi.SessionStoreFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The component factories found on the class path with {@link ServiceLoader}, by component and
 * type, and the types Runway knows of whose module may be missing.
 */
final class Factories {

  /** One configurable component: its section name, factory interface and own keys. */
  public enum Component {
    /** The {@code database} section. */
    DATABASE("database", DatabaseClientFactory.class, "embedded", List.of("type")),
    /** The {@code cache} section. */
    CACHE("cache", QueryCacheFactory.class, "local", List.of("type", "ttl")),
    /** The {@code sessions} section. */
    SESSIONS("sessions", SessionStoreFactory.class, "memory", List.of("type", "ttl")),
    /** The {@code auth} section. */
    AUTH("auth", AuthProviderFactory.class, "none", List.of("type"));

    private final String section;
    private final Class<? extends ComponentFactory<?>> factoryType;
    private final String defaultType;
    private final List<String> ownKeys;

    Component(String section, Class<? extends ComponentFactory<?>> factoryType, String defaultType,
        List<String> ownKeys) {
      this.section = section;
      this.factoryType = factoryType;
      this.defaultType = defaultType;
      this.ownKeys = ownKeys;
    }

    /** Returns the section name. */
    public String section() {
      return section;
    }

    /** Returns the type used when none is configured. */
    public String defaultType() {
      return defaultType;
    }

    /** Returns the keys of the section itself (besides the per-type subsections). */
    public List<String> ownKeys() {
      return ownKeys;
    }
  }

  /** Types provided by Runway's optional modules: type to artifact id. */
  private static final Map<String, Map<String, String>> MODULE_TYPES = Map.of(
      "database", Map.of("athena", "runway-athena", "redshift", "runway-redshift"),
      "cache", Map.of("redis", "runway-cache-redis"),
      "sessions", Map.of("dynamodb", "runway-session-dynamo"),
      "auth", Map.of("cognito", "runway-auth-cognito"));

  /** Keys of the {@code resilience} section. */
  public static final List<String> RESILIENCE_KEYS = List.of("max-attempts", "initial-backoff",
      "max-backoff", "jitter", "circuit-breaker-failures", "circuit-breaker-delay", "timeout");

  private static volatile Map<Component, Map<String, ComponentFactory<?>>> loaded;

  private Factories() {}

  /** Returns the factories of {@code component} by type. */
  public static Map<String, ComponentFactory<?>> of(Component component) {
    return all().get(component);
  }

  /** Returns the artifact that provides {@code type} of {@code component}, if it is a module type. */
  public static String artifactFor(Component component, String type) {
    return MODULE_TYPES.getOrDefault(component.section(), Map.of()).get(type);
  }

  /** Returns every type name Runway knows for {@code component}, present or not. */
  public static Set<String> knownTypes(Component component) {
    Set<String> types = new TreeSet<>(of(component).keySet());
    types.addAll(MODULE_TYPES.getOrDefault(component.section(), Map.of()).keySet());
    if (component == Component.AUTH) {
      types.add("none");
    }
    return types;
  }

  /** Returns every dotted key that can be set, for environment and system-property overrides. */
  public static Set<String> knownKeys() {
    Set<String> keys = new TreeSet<>();
    for (Component c : Component.values()) {
      for (String k : c.ownKeys()) {
        keys.add(c.section() + "." + k);
      }
      for (ComponentFactory<?> f : of(c).values()) {
        for (String k : f.keys()) {
          keys.add(c.section() + "." + f.type() + "." + k);
        }
      }
    }
    for (String k : RESILIENCE_KEYS) {
      keys.add("resilience." + k);
    }
    return keys;
  }

  /** Returns each factory's key aliases by dotted section path: {@code database.redshift -> {workgroup-name -> workgroup}}. */
  static Map<String, Map<String, String>> aliases() {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (Component c : Component.values()) {
      for (ComponentFactory<?> f : of(c).values()) {
        if (!f.aliases().isEmpty()) {
          out.put(c.section() + "." + f.type(), f.aliases());
        }
      }
    }
    return out;
  }

  private static Map<Component, Map<String, ComponentFactory<?>>> all() {
    Map<Component, Map<String, ComponentFactory<?>>> result = loaded;
    if (result == null) {
      synchronized (Factories.class) {
        result = loaded;
        if (result == null) {
          result = new LinkedHashMap<>();
          for (Component c : Component.values()) {
            Map<String, ComponentFactory<?>> byType = new LinkedHashMap<>();
            for (ComponentFactory<?> f : ServiceLoader.load(c.factoryType, Factories.class.getClassLoader())) {
              ComponentFactory<?> previous = byType.putIfAbsent(f.type(), f);
              if (previous != null && previous.getClass() != f.getClass()) {
                throw new ConfigurationException(c.section() + ".type", "two factories on the class "
                    + "path claim type '" + f.type() + "': " + previous.getClass().getName() + " and "
                    + f.getClass().getName() + "; remove one of the artifacts", null);
              }
            }
            result.put(c, Map.copyOf(byType));
          }
          loaded = result;
        }
      }
    }
    return result;
  }
}
