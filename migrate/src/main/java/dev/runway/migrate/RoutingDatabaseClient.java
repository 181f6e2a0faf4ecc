package dev.runway.migrate;

import dev.runway.core.cost.ScanEstimator;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayException;
import dev.runway.core.health.Health;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.RowStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hybrid architecture of a two-engine deployment as one {@link DatabaseClient}: each query goes
 * to one of several engines by the first route whose rule it matches (its label, its tags, its
 * persona, its estimated scan, or any predicate), else to the default engine; when the chosen
 * engine is down or throttles ({@link ErrorCategory#UNAVAILABLE}, {@link ErrorCategory#THROTTLED}),
 * the query is answered by the fallback engine. Per-route statistics say where queries went.
 *
 * <pre>{@code
 * DatabaseClient db = RoutingDatabaseClient.builder()
 *     .engine("redshift", redshift).engine("athena", athena)
 *     .route("dashboards", RoutingDatabaseClient.labels("dash.*"), "redshift")
 *     .route("large scans", RoutingDatabaseClient.scanAbove(10L << 30, athenaEstimator), "athena")
 *     .defaultEngine("athena").fallback("athena")
 *     .build();
 * }</pre>
 *
 * In {@code runway.yaml}: {@code database.type: routing} with {@code database.routing.*} (see the
 * configuration reference). Thread-safe; closing it closes every engine.
 */
public final class RoutingDatabaseClient implements DatabaseClient {

  private static final Logger LOG = LoggerFactory.getLogger(RoutingDatabaseClient.class);
  private static final String DEFAULT_ROUTE = "default";

  /**
   * Where one route's queries went.
   *
   * @param route the route's name ({@code default} for queries no rule matched)
   * @param engine the engine it sends to
   * @param queries queries it received
   * @param failures queries that failed (after any fallback)
   * @param fallbacks queries the fallback engine answered because this route's engine was down or
   *     throttled
   */
  public record RouteStats(
      String route, String engine, long queries, long failures, long fallbacks) {}

  private record Route(String name, Predicate<Query> rule, String engine, Counters counters) {}

  private static final class Counters {
    final LongAdder queries = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder fallbacks = new LongAdder();
  }

  private final Map<String, DatabaseClient> engines;
  private final List<Route> routes;
  private final Route defaultRoute;
  private final @Nullable String fallback;

  private RoutingDatabaseClient(Builder b) {
    this.engines = Collections.unmodifiableMap(new LinkedHashMap<>(b.engines));
    this.routes = List.copyOf(b.routes);
    this.defaultRoute =
        new Route(
            DEFAULT_ROUTE,
            q -> true,
            Objects.requireNonNull(b.defaultEngine, "defaultEngine"),
            new Counters());
    this.fallback = b.fallback;
  }

  /** The client of a route's engine; the builder checked that every route names one. */
  private DatabaseClient engine(String name) {
    DatabaseClient c = engines.get(name);
    if (c == null) {
      throw new IllegalStateException(
          "no engine named " + name + "; the engines are " + engines.keySet());
    }
    return c;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A rule: the query's label matches one of {@code globs} ({@code *} for any characters,
   * case-insensitive).
   */
  public static Predicate<Query> labels(String... globs) {
    List<Pattern> patterns = new ArrayList<>();
    for (String g : globs) {
      String regex = Pattern.quote(g.strip()).replace("*", "\\E.*\\Q");
      patterns.add(Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
    }
    return q ->
        q.label().map(l -> patterns.stream().anyMatch(p -> p.matcher(l).matches())).orElse(false);
  }

  /** A rule: the query carries one of {@code tags} (case-insensitive). */
  public static Predicate<Query> tags(String... tags) {
    List<String> wanted = Arrays.stream(tags).map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
    return q -> q.tags().stream().anyMatch(t -> wanted.contains(t.toLowerCase(Locale.ROOT)));
  }

  /** A rule: the query's cache scope (the persona it is asked for) is one of {@code personas}. */
  public static Predicate<Query> personas(String... personas) {
    List<String> wanted = Arrays.stream(personas).map(String::strip).toList();
    return q -> q.cacheScope().map(wanted::contains).orElse(false);
  }

  /**
   * A rule: {@code estimator} expects the query to scan more than {@code bytes}. A query without an
   * estimate, or whose estimate fails, does not match.
   */
  public static Predicate<Query> scanAbove(long bytes, ScanEstimator estimator) {
    Objects.requireNonNull(estimator, "estimator");
    return q -> {
      try {
        OptionalLong e = estimator.estimateBytes(q);
        return e.isPresent() && e.getAsLong() > bytes;
      } catch (RuntimeException failed) {
        LOG.debug("no scan estimate for routing: {}", failed.getMessage());
        return false;
      }
    };
  }

  /** Returns the name of the route {@code query} takes. */
  public String routeOf(Query query) {
    return choose(query).name();
  }

  private Route choose(Query query) {
    for (Route r : routes) {
      if (r.rule().test(query)) {
        return r;
      }
    }
    return defaultRoute;
  }

  private static boolean fallsBack(Throwable t) {
    return t instanceof RunwayException re
        && (re.category() == ErrorCategory.UNAVAILABLE || re.category() == ErrorCategory.THROTTLED);
  }

  private <T> T run(Query query, Function<DatabaseClient, T> call) {
    Objects.requireNonNull(query, "query");
    Route r = choose(query);
    r.counters().queries.increment();
    try {
      return call.apply(engines.get(r.engine()));
    } catch (RuntimeException e) {
      if (fallback != null && !fallback.equals(r.engine()) && fallsBack(e)) {
        LOG.debug(
            "route {}: {} failed ({}); answering from {}",
            r.name(),
            r.engine(),
            ((RunwayException) e).category(),
            fallback);
        r.counters().fallbacks.increment();
        try {
          return call.apply(engines.get(fallback));
        } catch (RuntimeException second) {
          second.addSuppressed(e);
          r.counters().failures.increment();
          throw second;
        }
      }
      r.counters().failures.increment();
      throw e;
    }
  }

  @Override
  public String engine() {
    return "routing";
  }

  @Override
  public QueryResult execute(Query query) {
    return run(query, db -> db.execute(query));
  }

  @Override
  public RowStream stream(Query query) {
    return run(query, db -> db.stream(query));
  }

  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    Objects.requireNonNull(query, "query");
    Route r = choose(query);
    r.counters().queries.increment();
    CompletableFuture<QueryResult> first = engine(r.engine()).executeAsync(query);
    CompletableFuture<QueryResult> result =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            first.cancel(mayInterruptIfRunning);
            return cancelled;
          }
        };
    first.whenComplete(
        (v, e) -> {
          Throwable failure =
              e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
          if (failure == null) {
            result.complete(v);
          } else if (fallback != null
              && !fallback.equals(r.engine())
              && fallsBack(failure)
              && !result.isDone()) {
            r.counters().fallbacks.increment();
            engine(fallback)
                .executeAsync(query)
                .whenComplete(
                    (v2, e2) -> {
                      if (e2 == null) {
                        result.complete(v2);
                      } else {
                        r.counters().failures.increment();
                        result.completeExceptionally(
                            e2 instanceof CompletionException c2 && c2.getCause() != null
                                ? c2.getCause()
                                : e2);
                      }
                    });
          } else {
            r.counters().failures.increment();
            result.completeExceptionally(failure);
          }
        });
    return result;
  }

  @Override
  public boolean cancel(String queryId) {
    boolean any = false;
    for (DatabaseClient db : engines.values()) {
      any |= db.cancel(queryId);
    }
    return any;
  }

  /** DOWN when the default engine is down; DEGRADED when another engine is; else UP. */
  @Override
  public Health health() {
    List<String> down = new ArrayList<>();
    for (Map.Entry<String, DatabaseClient> e : engines.entrySet()) {
      if (e.getValue().health().status() == Health.Status.DOWN) {
        down.add(e.getKey());
      }
    }
    if (down.contains(defaultRoute.engine())) {
      return Health.down(
          "database:routing",
          "the default engine "
              + defaultRoute.engine()
              + " is down"
              + (down.size() > 1 ? " (down: " + down + ")" : ""));
    }
    if (!down.isEmpty()) {
      return Health.degraded(
          "database:routing",
          "down: "
              + down
              + "; "
              + (fallback == null ? "their routes fail" : "their routes fall back to " + fallback));
    }
    return Health.up("database:routing");
  }

  /** Returns the statistics of every route, the default last. */
  public List<RouteStats> stats() {
    List<RouteStats> out = new ArrayList<>();
    for (Route r : routes) {
      out.add(stats(r));
    }
    out.add(stats(defaultRoute));
    return out;
  }

  private static RouteStats stats(Route r) {
    return new RouteStats(
        r.name(),
        r.engine(),
        r.counters().queries.sum(),
        r.counters().failures.sum(),
        r.counters().fallbacks.sum());
  }

  /** Returns the engines by name. */
  public Map<String, DatabaseClient> engines() {
    return engines;
  }

  /** Closes every engine; continues past failures. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (DatabaseClient db : engines.values()) {
      try {
        db.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "RoutingDatabaseClient{engines="
        + engines.keySet()
        + ", routes="
        + routes.stream().map(r -> r.name() + "->" + r.engine()).toList()
        + ", default="
        + defaultRoute.engine()
        + ", fallback="
        + fallback
        + "}";
  }

  /** Builds a {@link RoutingDatabaseClient}; not thread-safe. */
  public static final class Builder {
    private final Map<String, DatabaseClient> engines = new LinkedHashMap<>();
    private final List<Route> routes = new ArrayList<>();
    private @Nullable String defaultEngine;
    private @Nullable String fallback;

    private Builder() {}

    /** Adds an engine under {@code name} (each name once). */
    public Builder engine(String name, DatabaseClient client) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(client, "client");
      if (engines.putIfAbsent(name, client) != null) {
        throw new IllegalStateException("engine '" + name + "' was already added");
      }
      return this;
    }

    /**
     * Adds a route, tried in the order added: queries matching {@code rule} go to {@code engine}.
     */
    public Builder route(String name, Predicate<Query> rule, String engine) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(engine, "engine");
      if (name.equals(DEFAULT_ROUTE) || routes.stream().anyMatch(r -> r.name().equals(name))) {
        throw new IllegalStateException("route '" + name + "' is taken");
      }
      routes.add(new Route(name, rule, engine, new Counters()));
      return this;
    }

    /** Sets the engine of queries no route matches (required). */
    public Builder defaultEngine(String engine) {
      this.defaultEngine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** Sets the engine that answers when the chosen one is down or throttles (default: none). */
    public Builder fallback(String engine) {
      this.fallback = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /**
     * Returns the client.
     *
     * @throws IllegalStateException if no default engine is set, or a route, the default or the
     *     fallback names an engine not added
     */
    public RoutingDatabaseClient build() {
      if (defaultEngine == null) {
        throw new IllegalStateException("no default engine: call defaultEngine(name)");
      }
      List<String> named = new ArrayList<>();
      routes.forEach(r -> named.add(r.engine()));
      named.add(defaultEngine);
      if (fallback != null) {
        named.add(fallback);
      }
      for (String n : named) {
        if (!engines.containsKey(n)) {
          throw new IllegalStateException(
              "engine '" + n + "' is not added; engines: " + engines.keySet());
        }
      }
      return new RoutingDatabaseClient(this);
    }
  }
}
