package dev.runway.migrate;

import dev.runway.core.error.ConfigurationException;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.spi.ConfigKeys;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.DatabaseClientFactory;
import dev.runway.core.spi.FactoryContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code database.type: routing}: a {@link RoutingDatabaseClient} over engines configured in their
 * own sections of {@code database} (an engine is named by its type: {@code athena} uses {@code
 * database.athena}). The split of dashboards from ad-hoc analysis:
 *
 * <pre>
 * database:
 *   type: routing
 *   athena:   { ... }
 *   redshift: { ... }
 *   routing:
 *     default: athena                      # ad-hoc queries
 *     dashboard: redshift                  # queries that match a dashboard-* rule
 *     dashboard-labels: "dash.*, wm.*"     # label globs
 *     dashboard-tags: dashboard            # query tags
 *     dashboard-personas: Warehouse Manager
 *     fallback: athena                     # when the chosen engine is down or throttles
 * </pre>
 */
public final class RoutingFactory implements DatabaseClientFactory {

  private static final Map<String, String> ARTIFACTS =
      Map.of("athena", "runway-athena", "redshift", "runway-redshift");

  @Override
  public String type() {
    return "routing";
  }

  /** The keys of {@code database.routing}. */
  static final ConfigKeys<Object> KEYS =
      ConfigKeys.builder()
          .string(
              "default",
              null,
              "The engine type (a database.* section) of queries no route matches; required.",
              null)
          .string("dashboard", null, "The engine type that dashboard queries go to.", null)
          .list("dashboard-labels", "Query label globs that make a query a dashboard query.", null)
          .list("dashboard-tags", "Query tags that make a query a dashboard query.", null)
          .list(
              "dashboard-personas",
              "Personas (cache scopes) whose queries are dashboard queries.",
              null)
          .string(
              "fallback",
              null,
              "The engine type that answers when the chosen one is down or throttles.",
              null)
          .build();

  @Override
  public ConfigKeys<?> configKeys() {
    return KEYS;
  }

  @Override
  public Supplier<DatabaseClient> configure(ConfigSection s, FactoryContext context) {
    Map<String, DatabaseClientFactory> factories = new LinkedHashMap<>();
    for (DatabaseClientFactory f :
        ServiceLoader.load(DatabaseClientFactory.class, RoutingFactory.class.getClassLoader())) {
      if (!f.type().equals(type())) {
        factories.put(f.type(), f);
      }
    }
    String defaultEngine = s.requireString("default");
    Optional<String> dashboard = s.string("dashboard");
    Optional<String> fallback = s.string("fallback");
    List<String> labels = s.list("dashboard-labels");
    List<String> tags = s.list("dashboard-tags");
    List<String> personas = s.list("dashboard-personas");
    if (dashboard.isPresent() && labels.isEmpty() && tags.isEmpty() && personas.isEmpty()) {
      throw new ConfigurationException(
          s.keyOf("dashboard"),
          "names an engine but no rule sends queries to it; "
              + "set dashboard-labels, dashboard-tags or dashboard-personas",
          null);
    }
    if (dashboard.isEmpty() && !(labels.isEmpty() && tags.isEmpty() && personas.isEmpty())) {
      throw new ConfigurationException(
          s.keyOf("dashboard"),
          "is missing: the dashboard-* rules need the engine " + "their queries go to",
          null);
    }
    Set<String> used = new LinkedHashSet<>();
    used.add(defaultEngine);
    dashboard.ifPresent(used::add);
    fallback.ifPresent(used::add);
    Map<String, Supplier<? extends DatabaseClient>> suppliers = new LinkedHashMap<>();
    for (String engine : used) {
      String key =
          engine.equals(defaultEngine)
              ? "default"
              : dashboard.map(engine::equals).orElse(false) ? "dashboard" : "fallback";
      if (engine.equals(type())) {
        throw new ConfigurationException(
            s.keyOf(key), "cannot route to 'routing' itself; name an engine type", null);
      }
      DatabaseClientFactory f = factories.get(engine);
      if (f == null) {
        String artifact = ARTIFACTS.get(engine);
        throw new ConfigurationException(
            s.keyOf(key),
            "'"
                + engine
                + "' is "
                + (artifact == null
                    ? "not an engine type; one of " + factories.keySet()
                    : "provided by the artifact dev.runway:"
                        + artifact
                        + ", which is not on the class path; add it"),
            null);
      }
      // each engine's own section is validated now, before anything is created
      suppliers.put(engine, f.configure(context.component().section(engine), context));
    }
    return () -> {
      RoutingDatabaseClient.Builder b = RoutingDatabaseClient.builder();
      List<DatabaseClient> created = new ArrayList<>();
      try {
        for (Map.Entry<String, Supplier<? extends DatabaseClient>> e : suppliers.entrySet()) {
          DatabaseClient db = e.getValue().get();
          created.add(db);
          b.engine(e.getKey(), db);
        }
      } catch (RuntimeException e) {
        created.forEach(DatabaseClient::close);
        throw e;
      }
      if (dashboard.isPresent()) {
        Predicate<Query> byLabel = RoutingDatabaseClient.labels(labels.toArray(String[]::new));
        Predicate<Query> byTag = RoutingDatabaseClient.tags(tags.toArray(String[]::new));
        Predicate<Query> byPersona =
            RoutingDatabaseClient.personas(personas.toArray(String[]::new));
        b.route("dashboard", byLabel.or(byTag).or(byPersona), dashboard.get());
      }
      b.defaultEngine(defaultEngine);
      fallback.ifPresent(b::fallback);
      return b.build();
    };
  }
}
