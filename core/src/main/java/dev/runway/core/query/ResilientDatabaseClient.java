package dev.runway.core.query;

import dev.runway.core.health.Health;
import dev.runway.core.resilience.ResiliencePolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link DatabaseClient} that runs {@link #execute} and the opening of {@link #stream} under a
 * {@link ResiliencePolicy}: retryable failures (throttling, transient errors) are retried with
 * back-off, user errors fail at once, and a circuit breaker stops hammering a failing engine.
 * {@link #executeAsync} passes through: an asynchronous caller composes its own retries on the
 * future. Thread-safe.
 */
public final class ResilientDatabaseClient extends ForwardingDatabaseClient {

  private final ResiliencePolicy policy;

  private ResilientDatabaseClient(DatabaseClient delegate, ResiliencePolicy policy) {
    super(delegate);
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** Wraps {@code delegate} with {@code policy}. */
  public static ResilientDatabaseClient wrap(DatabaseClient delegate, ResiliencePolicy policy) {
    return new ResilientDatabaseClient(delegate, policy);
  }

  /** Returns the policy. */
  public ResiliencePolicy policy() {
    return policy;
  }

  @Override
  public QueryResult execute(Query query) {
    Query bounded = bounded(query);
    return policy.execute(() -> delegate().execute(bounded));
  }

  @Override
  public RowStream stream(Query query) {
    Query bounded = bounded(query);
    return policy.execute(() -> delegate().stream(bounded));
  }

  /**
   * Gives the query the policy's timeout when it has none or a longer one, so that the engine stops
   * it (JDBC Statement.cancel, StopQueryExecution): interrupting the waiting thread, all the policy
   * can do by itself, does not stop a query that is not listening for interrupts.
   */
  private Query bounded(Query query) {
    Optional<Duration> timeout = policy.timeout();
    if (timeout.isEmpty()
        || (query.timeout().isPresent() && query.timeout().get().compareTo(timeout.get()) <= 0)) {
      return query;
    }
    return query.toBuilder().timeout(timeout.get()).build();
  }

  @Override
  public Health health() {
    Health h = delegate().health();
    if (h.status() == Health.Status.UP
        && policy.circuitState() == ResiliencePolicy.CircuitState.OPEN) {
      return Health.degraded(h.component(), "circuit breaker open");
    }
    return h;
  }

  @Override
  public String toString() {
    return "ResilientDatabaseClient{" + delegate() + ", " + policy + "}";
  }
}
