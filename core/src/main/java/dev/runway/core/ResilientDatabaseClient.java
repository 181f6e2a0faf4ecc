package dev.runway.core;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link DatabaseClient} that runs {@link #execute} and the opening of {@link #stream} under a
 * {@link ResiliencePolicy}: retryable failures (throttling, transient errors) are retried with
 * back-off, user errors fail at once, and a circuit breaker stops hammering a failing engine.
 * Thread-safe.
 */
public final class ResilientDatabaseClient implements DatabaseClient {

  private final DatabaseClient delegate;
  private final ResiliencePolicy policy;

  private ResilientDatabaseClient(DatabaseClient delegate, ResiliencePolicy policy) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
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
  public String engine() {
    return delegate.engine();
  }

  @Override
  public QueryResult execute(Query query) {
    return policy.execute(() -> delegate.execute(query));
  }

  @Override
  public RowStream stream(Query query) {
    return policy.execute(() -> delegate.stream(query));
  }

  /** Passes through: an asynchronous caller composes its own retries on the future. */
  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    return delegate.executeAsync(query);
  }

  @Override
  public boolean cancel(String queryId) {
    return delegate.cancel(queryId);
  }

  @Override
  public Health health() {
    Health h = delegate.health();
    if (h.status() == Health.Status.UP && policy.circuitState() == ResiliencePolicy.CircuitState.OPEN) {
      return Health.degraded(h.component(), "circuit breaker open");
    }
    return h;
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "ResilientDatabaseClient{" + delegate + ", " + policy + "}";
  }
}
