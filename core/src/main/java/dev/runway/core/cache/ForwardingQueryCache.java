package dev.runway.core.cache;

import dev.runway.core.health.Health;
import dev.runway.core.query.QueryResult;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A {@link QueryCache} that forwards every call to another; decorators (metrics, tracing, tests'
 * fault injection) extend it and override only what they change.
 */
public abstract class ForwardingQueryCache implements QueryCache {

  private final QueryCache delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingQueryCache(QueryCache delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Returns the cache calls are forwarded to. */
  public QueryCache delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Optional<QueryResult> get(CacheKey key) {
    return delegate.get(key);
  }

  @Override
  public void put(CacheKey key, QueryResult result, Duration ttl, Set<String> tags) {
    delegate.put(key, result, ttl, tags);
  }

  @Override
  public QueryResult getOrLoad(
      CacheKey key, Duration ttl, Set<String> tags, Supplier<QueryResult> loader) {
    return delegate.getOrLoad(key, ttl, tags, loader);
  }

  @Override
  public void invalidate(CacheKey key) {
    delegate.invalidate(key);
  }

  @Override
  public void invalidateTag(String tag) {
    delegate.invalidateTag(tag);
  }

  @Override
  public void invalidateAll() {
    delegate.invalidateAll();
  }

  @Override
  public CacheStats stats() {
    return delegate.stats();
  }

  @Override
  public Health health() {
    return delegate.health();
  }

  /** Closes the delegate. */
  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
