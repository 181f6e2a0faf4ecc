package dev.runway.core.query;

import dev.runway.core.Health;
import dev.runway.core.ResiliencePolicy;
import java.util.Objects;

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
    return policy.execute(() -> delegate().execute(query));
  }

  @Override
  public RowStream stream(Query query) {
    return policy.execute(() -> delegate().stream(query));
  }

  @Override
  public Health health() {
    Health h = delegate().health();
    if (h.status() == Health.Status.UP && policy.circuitState() == ResiliencePolicy.CircuitState.OPEN) {
      return Health.degraded(h.component(), "circuit breaker open");
    }
    return h;
  }

  @Override
  public String toString() {
    return "ResilientDatabaseClient{" + delegate() + ", " + policy + "}";
  }
}
