package dev.runway.core;

import dev.runway.core.error.ConfigurationException;
import dev.runway.core.spi.AuthProviderFactory;
import dev.runway.core.spi.ComponentFactory;
import dev.runway.core.spi.ConfigKey;
import dev.runway.core.spi.ConfigKeys;
import dev.runway.core.spi.CoordinationFactory;
import dev.runway.core.spi.DatabaseClientFactory;
import dev.runway.core.spi.QueryCacheFactory;
import dev.runway.core.spi.SessionStoreFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The component factories found on the class path with {@link ServiceLoader}, by component and
 * type, and the types Runway knows of whose module may be missing.
 */
final class Factories {

  /** One configurable component: its section name, factory interface and own keys. */
  public enum Component {
    /** The {@code database} section. */
    DATABASE("database", DatabaseClientFactory.class, "embedded"),
    /** The {@code cache} section. */
    CACHE("cache", QueryCacheFactory.class, "local"),
    /** The {@code sessions} section. */
    SESSIONS("sessions", SessionStoreFactory.class, "memory"),
    /** The {@code auth} section. */
    AUTH("auth", AuthProviderFactory.class, "none"),
    /** The {@code coordination} section. */
    COORDINATION("coordination", CoordinationFactory.class, "memory");

    private final String section;
    private final Class<? extends ComponentFactory<?>> factoryType;
    private final String defaultType;

    Component(
        String section, Class<? extends ComponentFactory<?>> factoryType, String defaultType) {
      this.section = section;
      this.factoryType = factoryType;
      this.defaultType = defaultType;
    }

    /** Returns the section name. */
    public String section() {
      return section;
    }

    /** Returns the type used when none is configured. */
    public String defaultType() {
      return defaultType;
    }
  }

  /** Types provided by Runway's optional modules: type to artifact id. */
  private static final Map<String, Map<String, String>> MODULE_TYPES =
      Map.of(
          "database",
              Map.of(
                  "athena",
                  "runway-athena",
                  "redshift",
                  "runway-redshift",
                  "routing",
                  "runway-migrate"),
          "cache", Map.of("redis", "runway-cache-redis"),
          "sessions", Map.of("dynamodb", "runway-session-dynamo"),
          "auth", Map.of("cognito", "runway-auth-cognito"),
          "coordination",
              Map.of("redis", "runway-cache-redis", "dynamodb", "runway-session-dynamo"));

  /**
   * The keys of the {@code resilience} section (read together by the facade: back-off and breaker
   * are pairs).
   */
  static final ConfigKeys<Object> RESILIENCE =
      ConfigKeys.builder()
          .integer(
              "max-attempts",
              "3",
              "Attempts of a retryable database call; 1 turns retries off.",
              null)
          .duration("initial-backoff", "100ms", "First retry delay.", null)
          .duration("max-backoff", "5s", "Longest retry delay.", null)
          .number("jitter", "0.5", "Random share of each retry delay.", null)
          .integer(
              "circuit-breaker-failures",
              "5",
              "Consecutive failures that open the database breaker; 0 turns " + "it off.",
              null)
          .duration(
              "circuit-breaker-delay",
              "30s",
              "How long the database breaker stays open before a trial call.",
              null)
          .duration(
              "timeout", null, "Bound on each attempt of a database call; absent = none.", null)
          .build();

  /** Keys of the {@code resilience} section. */
  public static final List<String> RESILIENCE_KEYS = List.copyOf(RESILIENCE.names());

  /** Returns the keys of a component's own section besides its per-type subsections. */
  static ConfigKeys<Object> ownKeys(Component c) {
    ConfigKeys.Builder<Object> b = ConfigKeys.builder();
    String description =
        switch (c) {
          case DATABASE -> "The engine: each type reads its own section, database.<type>.";
          case CACHE -> "Where query results are cached: none, in process (local) or Redis.";
          case SESSIONS -> "Where sessions and conversation history live.";
          case AUTH ->
              "Who signs users in: none, a local users file, or Cognito; default local when an auth.local "
                  + "section is present.";
          case COORDINATION ->
              "Where limits and facts shared by every instance live: memory (this process only), "
                  + "redis or dynamodb.";
        };
    b.choice("type", List.copyOf(knownTypes(c)), c.defaultType(), description, null);
    if (c == Component.COORDINATION) {
      b.integer(
          "expected-instances",
          "2",
          "Instances expected to share the limits: while the shared store is "
              + "down, each works on 1/expected-instances of every shared limit.",
          null);
      b.duration(
          "probe-interval",
          "5s",
          "While the shared store is down, how often one call tries it again.",
          null);
    }
    if (c == Component.CACHE) {
      b.duration("ttl", "5m", "Default lifetime of a cached result.", null);
    } else if (c == Component.SESSIONS) {
      b.duration("ttl", "1h", "Sliding session lifetime.", null);
    }
    return b.build();
  }

  /**
   * Returns every declared key by its full dotted name, in the order of the reference: each
   * component's own keys, then each type's section, then {@code resilience}.
   */
  static Map<String, ConfigKey> declaredKeys() {
    Map<String, ConfigKey> out = new LinkedHashMap<>();
    for (Component c : Component.values()) {
      for (ConfigKey k : ownKeys(c).keys()) {
        out.put(c.section() + "." + k.name(), k);
      }
      for (ComponentFactory<?> f : new TreeMap<>(of(c)).values()) {
        for (ConfigKey k : f.configKeys().keys()) {
          out.put(c.section() + "." + f.type() + "." + k.name(), k);
        }
      }
    }
    for (ConfigKey k : RESILIENCE.keys()) {
      out.put("resilience." + k.name(), k);
    }
    return out;
  }

  private static volatile @Nullable Map<Component, Map<String, ComponentFactory<?>>> loaded;

  private Factories() {}

  /** Returns the factories of {@code component} by type. */
  public static Map<String, ComponentFactory<?>> of(Component component) {
    return all().getOrDefault(component, Map.of());
  }

  /**
   * Returns the artifact that provides {@code type} of {@code component}, if it is a module type.
   */
  public static @Nullable String artifactFor(Component component, String type) {
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
    Set<String> keys = new TreeSet<>(declaredKeys().keySet());
    for (Component c : Component.values()) {
      for (ComponentFactory<?> f : of(c).values()) {
        for (String k : f.keys()) {
          keys.add(c.section() + "." + f.type() + "." + k);
        }
      }
    }
    return keys;
  }

  /**
   * Returns each factory's key aliases by dotted section path: {@code database.redshift ->
   * {workgroup-name -> workgroup}}.
   */
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
            for (ComponentFactory<?> f :
                ServiceLoader.load(c.factoryType, Factories.class.getClassLoader())) {
              ComponentFactory<?> previous = byType.putIfAbsent(f.type(), f);
              if (previous != null && previous.getClass() != f.getClass()) {
                throw new ConfigurationException(
                    c.section() + ".type",
                    "two factories on the class "
                        + "path claim type '"
                        + f.type()
                        + "': "
                        + previous.getClass().getName()
                        + " and "
                        + f.getClass().getName()
                        + "; remove one of the artifacts",
                    null);
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
