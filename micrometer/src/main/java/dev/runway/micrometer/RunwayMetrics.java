package dev.runway.micrometer;

import dev.runway.core.Runway;
import dev.runway.core.cache.ForwardingQueryCache;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.EngineMetrics;
import dev.runway.core.resilience.ResiliencePolicy;
import dev.runway.core.resilience.ResiliencePolicy.CircuitState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Binds what a {@link Runway}'s components count and know to a {@link MeterRegistry}:
 *
 * <ul>
 *   <li>the query cache, as {@link QueryCacheMetrics} under the cache name {@code runway} ({@code
 *       cache.gets{result}}, {@code cache.puts}, {@code cache.evictions}, {@code cache.errors},
 *       ...);
 *   <li>{@code runway.query.running}, {@code runway.query.queued} (gauges) and {@code
 *       runway.query.status-calls} (counter) of the database client, tagged {@code runway.engine};
 *   <li>{@code runway.circuit.state{circuit, state}}: 1 for the state each circuit breaker is in, 0
 *       for the others, for the database's breaker and, on Redis, the cache's read and write
 *       breakers;
 *   <li>on Redis: {@code runway.circuit.transitions{circuit=cache-read, to=open|closed}}, {@code
 *       runway.cache.near.hits}, {@code runway.cache.oversized}, {@code
 *       runway.cache.early-refreshes} and {@code runway.cache.pending-invalidations}.
 * </ul>
 *
 * Meters read the components when the registry publishes; nothing is added to a query's path.
 */
public final class RunwayMetrics implements MeterBinder {

  private static final boolean REDIS_PRESENT = present("dev.runway.cache.redis.RedisQueryCache");

  private final Runway runway;
  private final Iterable<Tag> tags;

  /** Binds {@code runway}'s meters with no extra tags. */
  public RunwayMetrics(Runway runway) {
    this(runway, Tags.empty());
  }

  /** Binds {@code runway}'s meters with {@code tags} on each. */
  public RunwayMetrics(Runway runway, Iterable<Tag> tags) {
    this.runway = Objects.requireNonNull(runway, "runway");
    this.tags = Objects.requireNonNull(tags, "tags");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    QueryCache cache = runway.cache();
    new QueryCacheMetrics(cache, "runway", Tags.concat(tags, "runway.component", cache.name()))
        .bindTo(registry);

    DatabaseClient db = runway.database();
    Tags engine = Tags.concat(tags, "runway.engine", db.engine());
    if (db.engineMetrics().isPresent()) {
      Gauge.builder("runway.query.running", db, d -> metrics(d).running())
          .tags(engine)
          .description("queries running on the engine")
          .register(registry);
      Gauge.builder("runway.query.queued", db, d -> metrics(d).queued())
          .tags(engine)
          .description("queries waiting for a slot under the client's concurrency cap")
          .register(registry);
      FunctionCounter.builder("runway.query.status-calls", db, d -> metrics(d).statusCalls())
          .tags(engine)
          .description("status calls made to a polled engine")
          .register(registry);
    }
    ResiliencePolicy resilience = runway.resilience();
    circuit(registry, "database", resilience::circuitState);

    QueryCache inner = unwrap(cache);
    if (REDIS_PRESENT) {
      RedisMeters.bind(inner, registry, tags, this);
    }
  }

  private static EngineMetrics metrics(DatabaseClient d) {
    return d.engineMetrics().orElse(new EngineMetrics(0, 0, 0));
  }

  /** Registers one gauge per state of a breaker: 1 for the current state, else 0. */
  void circuit(MeterRegistry registry, String circuit, Supplier<CircuitState> state) {
    if (state.get() == CircuitState.DISABLED) {
      return;
    }
    for (CircuitState s : CircuitState.values()) {
      if (s == CircuitState.DISABLED) {
        continue;
      }
      // strongly held: the supplier is often a method reference that nothing else keeps, and a
      // gauge's weak reference to it would read NaN after the next collection (and CloudWatch
      // drops NaN, so the breaker's state would vanish from the alarms)
      Gauge.builder("runway.circuit.state", state, st -> st.get() == s ? 1 : 0)
          .strongReference(true)
          .tags(Tags.concat(tags, "circuit", circuit, "state", s.name().toLowerCase(Locale.ROOT)))
          .description("1 for the state the circuit breaker is in, 0 for the others")
          .register(registry);
    }
  }

  static QueryCache unwrap(QueryCache cache) {
    QueryCache c = cache;
    while (c instanceof ForwardingQueryCache f) {
      c = f.delegate();
    }
    return c;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, RunwayMetrics.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
