package dev.runway.micrometer;

import dev.runway.core.ComponentDecorator;
import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.QueryStats;
import dev.runway.core.session.SessionConflictException;
import dev.runway.core.session.SessionNotFoundException;
import dev.runway.core.session.SessionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Observes every Runway component through Micrometer's Observation API: give it to {@code
 * Runway.builder().decorator(...)} (the Spring Boot starter does).
 *
 * <pre>{@code
 * RunwayObservations obs = RunwayObservations.builder(observationRegistry).meterRegistry(meters).build();
 * Runway rw = Runway.builder().config(RunwayConfig.load(path)).decorator(obs).build();
 * new RunwayMetrics(rw).bindTo(meters);
 * }</pre>
 *
 * <table>
 * <caption>Observations (a timer each with a meter handler; a span each with a tracing bridge)</caption>
 * <tr><th>name</th><th>low-cardinality keys</th></tr>
 * <tr><td>{@code runway.query}</td><td>{@code runway.engine}, {@code runway.query.label} (bounded),
 *   {@code runway.query.operation}, {@code outcome}, {@code error.category}, {@code runway.cache}</td></tr>
 * <tr><td>{@code runway.cache.load}, {@code runway.cache.invalidate}, {@code runway.session},
 *   {@code runway.auth}</td><td>{@code runway.component}, {@code runway.operation}, {@code outcome}</td></tr>
 * </table>
 *
 * <p>With a meter registry it also records {@code runway.query.scanned} (bytes, per engine), {@code
 * runway.query.cost} (USD, counter, per engine), {@code runway.auth.sign-ins{result}} and {@code
 * runway.session.conflicts}. Query labels past {@link Builder#maxLabels(int)} distinct values are
 * tagged {@code other}; a user name, session id, token or SQL text is never a tag.
 */
public final class RunwayObservations implements ComponentDecorator {

  static final QueryObservationConvention DEFAULT_QUERY = new DefaultQueryObservationConvention();

  private final ObservationRegistry registry;
  private final @Nullable MeterRegistry meters;
  private final @Nullable QueryObservationConvention queryConvention;
  private final BoundedValues labels;
  private final boolean observeSessions;
  private final boolean observeAuth;

  private RunwayObservations(Builder b) {
    this.registry = b.registry;
    this.meters = b.meters;
    this.queryConvention = b.queryConvention;
    this.labels = new BoundedValues(b.maxLabels);
    this.observeSessions = b.sessions;
    this.observeAuth = b.auth;
  }

  /** Returns a builder that observes into {@code registry}. */
  public static Builder builder(ObservationRegistry registry) {
    return new Builder(registry);
  }

  @Override
  public DatabaseClient database(DatabaseClient database) {
    return new ObservedDatabaseClient(database, this);
  }

  @Override
  public QueryCache cache(QueryCache cache) {
    return new ObservedQueryCache(cache, this);
  }

  @Override
  public SessionStore sessions(SessionStore sessions) {
    return observeSessions ? new ObservedSessionStore(sessions, this) : sessions;
  }

  @Override
  public AuthProvider auth(AuthProvider auth) {
    return observeAuth ? new ObservedAuthProvider(auth, this) : auth;
  }

  ObservationRegistry registry() {
    return registry;
  }

  @Nullable QueryObservationConvention queryConvention() {
    return queryConvention;
  }

  String label(@Nullable String label) {
    return labels.of(label);
  }

  /** Runs {@code body} inside an observation; an exception is recorded and rethrown unchanged. */
  <T> T observe(
      String name,
      String implementation,
      String operation,
      Supplier<T> body,
      Function<T, String> outcome) {
    OperationContext context = new OperationContext(name, implementation, operation);
    Observation obs =
        Observation.createNotStarted(
                new OperationObservationConvention(name), () -> context, registry)
            .start();
    try (Observation.Scope ignored = obs.openScope()) {
      T result = body.get();
      context.setOutcome(outcome.apply(result));
      return result;
    } catch (RuntimeException | Error e) {
      context.setOutcome(errorOutcome(e, implementation));
      obs.error(e);
      throw e;
    } finally {
      obs.stop();
    }
  }

  private String errorOutcome(Throwable e, String implementation) {
    if (e instanceof SessionConflictException) {
      if (meters != null) {
        Counter.builder("runway.session.conflicts")
            .description("session updates refused for a stale version")
            .tag("runway.component", implementation)
            .register(meters)
            .increment();
      }
      return "conflict";
    }
    if (e instanceof SessionNotFoundException) {
      return "not-found";
    }
    if (e instanceof TokenVerificationException) {
      return "invalid-token";
    }
    return "error";
  }

  /** Records a successful query's bytes scanned and estimated cost. */
  void recordCost(String engine, QueryStats stats) {
    if (meters == null || stats.fromCache()) {
      return;
    }
    if (stats.bytesScanned().isPresent()) {
      DistributionSummary.builder("runway.query.scanned")
          .baseUnit("bytes")
          .description("bytes scanned by queries the engine ran (cache hits excluded)")
          .tag("runway.engine", engine)
          .register(meters)
          .record(stats.bytesScanned().getAsLong());
    }
    BigDecimal cost = stats.estimatedCostUsd();
    if (cost != null && cost.signum() > 0) {
      Counter.builder("runway.query.cost")
          .baseUnit("usd")
          .description("estimated cost of the queries the engine ran, in US dollars")
          .tag("runway.engine", engine)
          .register(meters)
          .increment(cost.doubleValue());
    }
  }

  /** Counts a sign-in attempt by its result. */
  void signIn(String result) {
    if (meters != null) {
      Counter.builder("runway.auth.sign-ins")
          .description("sign-in attempts and challenge answers by result")
          .tag("result", result)
          .register(meters)
          .increment();
    }
  }

  @Override
  public String toString() {
    return "RunwayObservations{meters=" + (meters != null) + "}";
  }

  /** Builds {@link RunwayObservations}; not thread-safe. */
  public static final class Builder {
    private final ObservationRegistry registry;
    private @Nullable MeterRegistry meters;
    private @Nullable QueryObservationConvention queryConvention;
    private int maxLabels = 100;
    private boolean sessions = true;
    private boolean auth = true;

    private Builder(ObservationRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Records bytes scanned, cost, sign-ins and session conflicts into {@code meters} too. */
    public Builder meterRegistry(MeterRegistry meters) {
      this.meters = Objects.requireNonNull(meters, "meters");
      return this;
    }

    /** Replaces the default names and key values of query observations. */
    public Builder queryConvention(QueryObservationConvention convention) {
      this.queryConvention = Objects.requireNonNull(convention, "convention");
      return this;
    }

    /**
     * Sets how many distinct query labels are tagged before the rest read {@code other} (default
     * 100).
     */
    public Builder maxLabels(int maxLabels) {
      if (maxLabels < 0) {
        throw new IllegalArgumentException("maxLabels must be >= 0, was " + maxLabels);
      }
      this.maxLabels = maxLabels;
      return this;
    }

    /** Turns the observation of session operations off or on (default on). */
    public Builder observeSessions(boolean on) {
      this.sessions = on;
      return this;
    }

    /** Turns the observation of sign-ins and token operations off or on (default on). */
    public Builder observeAuth(boolean on) {
      this.auth = on;
      return this;
    }

    /** Returns the decorator. */
    public RunwayObservations build() {
      return new RunwayObservations(this);
    }
  }
}
