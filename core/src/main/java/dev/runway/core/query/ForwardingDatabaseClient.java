package dev.runway.core.query;

import dev.runway.core.health.Health;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link DatabaseClient} that forwards every call to another; decorators (caching, resilience,
 * listening, shadowing) extend it and override only what they change.
 */
public abstract class ForwardingDatabaseClient implements DatabaseClient {

  private final DatabaseClient delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingDatabaseClient(DatabaseClient delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Returns the client calls are forwarded to. */
  public DatabaseClient delegate() {
    return delegate;
  }

  @Override
  public String engine() {
    return delegate.engine();
  }

  @Override
  public QueryResult execute(Query query) {
    return delegate.execute(query);
  }

  @Override
  public RowStream stream(Query query) {
    return delegate.stream(query);
  }

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
    return delegate.health();
  }

  @Override
  public Optional<EngineMetrics> engineMetrics() {
    return delegate.engineMetrics();
  }

  /** Closes the delegate. */
  @Override
  public void close() {
    delegate.close();
  }

  /**
   * Returns a new future that a decorator completes from {@code source}'s outcome (after its own
   * work) and whose cancellation cancels {@code source}, so that {@code future.cancel(true)} on
   * what a decorator returns still stops the query on the engine.
   */
  protected static <T> CompletableFuture<T> cancelling(CompletableFuture<?> source) {
    return new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        source.cancel(mayInterruptIfRunning);
        return cancelled;
      }
    };
  }
}
