package dev.runway.core.cache;

import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.sql.ParsedSql;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DatabaseClient} that answers repeated queries from a {@link QueryCache}. Thread-safe.
 *
 * <p>The key is {@link CacheKey#of(Query)}: normalised SQL, bound parameters and the query's cache
 * scope. Entries are tagged with the tables named after {@code FROM}/{@code JOIN} plus the query's
 * own tags, so {@code cache.invalidateTag("product")} drops every result that read it. Concurrent
 * identical misses run the query once. A failure of the cache never reaches the caller: the query
 * runs against the database instead, and the failure is counted and logged once per outage. Queries
 * built with {@code cacheable(false)} and {@link #stream streams} bypass the cache. Closing it
 * closes the wrapped client, not the cache, which belongs to whoever created it.
 */
public final class CachingDatabaseClient extends ForwardingDatabaseClient {

  private static final Logger LOG = LoggerFactory.getLogger(CachingDatabaseClient.class);

  private final QueryCache cache;
  private final Duration defaultTtl;
  private final DegradationLog degradation;

  private CachingDatabaseClient(DatabaseClient delegate, QueryCache cache, Duration defaultTtl) {
    super(delegate);
    this.cache = Objects.requireNonNull(cache, "cache");
    this.defaultTtl = positive(defaultTtl, "defaultTtl");
    this.degradation = new DegradationLog(LOG, "the query cache (" + cache.name() + ")");
  }

  /**
   * Wraps {@code delegate} with {@code cache}; entries without their own TTL live {@code
   * defaultTtl}.
   */
  public static CachingDatabaseClient wrap(
      DatabaseClient delegate, QueryCache cache, Duration defaultTtl) {
    return new CachingDatabaseClient(delegate, cache, defaultTtl);
  }

  /** Returns the cache. */
  public QueryCache cache() {
    return cache;
  }

  /** Returns how many cache failures were degraded to a direct query. */
  public long cacheErrors() {
    return degradation.errors();
  }

  @Override
  public QueryResult execute(Query query) {
    Objects.requireNonNull(query, "query");
    if (!query.cacheable()) {
      return delegate().execute(query);
    }
    ParsedSql parsed = ParsedSql.parse(query.sql());
    CacheKey key = CacheKey.of(parsed, query.params(), query.cacheScope().orElse(""));
    Set<String> tags = tagsOf(parsed, query);
    Duration ttl = query.cacheTtl().orElse(defaultTtl);
    try {
      QueryResult result =
          cache.getOrLoad(
              key,
              ttl,
              tags,
              () -> {
                try {
                  return delegate().execute(query);
                } catch (RuntimeException e) {
                  throw new LoaderFailure(e);
                }
              });
      degradation.success(DegradationLog.Kind.READ);
      // a hit reports zero execution time (the engine did nothing) and no cost; callers that want
      // the time they waited measure it (runway-micrometer's runway.query timer does)
      return result;
    } catch (LoaderFailure f) {
      throw f.getCause();
    } catch (RuntimeException cacheFailure) {
      degradation.failure(DegradationLog.Kind.READ, "lookup of " + key, cacheFailure);
      return delegate().execute(query);
    }
  }

  private static Set<String> tagsOf(ParsedSql parsed, Query query) {
    if (query.tags().isEmpty()) {
      return parsed.referencedTables();
    }
    Set<String> tags = new LinkedHashSet<>(parsed.referencedTables());
    tags.addAll(query.tags());
    return tags;
  }

  /**
   * Carries a database failure through the cache's loader so it is not mistaken for a cache
   * failure.
   */
  private static final class LoaderFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoaderFailure(RuntimeException cause) {
      super(cause.getMessage(), cause, false, false);
    }

    @Override
    public synchronized RuntimeException getCause() {
      // the constructor's cause, never replaced (initCause throws once a cause is set)
      return (RuntimeException) Objects.requireNonNull(super.getCause());
    }
  }

  /**
   * Answers a cache hit at once; on a miss runs the query asynchronously on the delegate (so that
   * cancelling the future cancels the query) and stores the result.
   */
  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    Objects.requireNonNull(query, "query");
    if (!query.cacheable()) {
      return delegate().executeAsync(query);
    }
    ParsedSql parsed = ParsedSql.parse(query.sql());
    CacheKey key = CacheKey.of(parsed, query.params(), query.cacheScope().orElse(""));
    try {
      var hit = cache.get(key);
      if (hit.isPresent()) {
        return CompletableFuture.completedFuture(hit.get());
      }
    } catch (RuntimeException e) {
      degradation.failure(DegradationLog.Kind.READ, "lookup of " + key, e);
      return delegate().executeAsync(query);
    }
    Set<String> tags = tagsOf(parsed, query);
    CompletableFuture<QueryResult> source = delegate().executeAsync(query);
    // Completes only after the result is stored, so a caller that awaits it and asks again hits;
    // cancelling it cancels the query on the engine.
    CompletableFuture<QueryResult> result = cancelling(source);
    source.whenComplete(
        (r, failure) -> {
          if (failure != null) {
            result.completeExceptionally(
                failure instanceof CompletionException c && c.getCause() != null
                    ? c.getCause()
                    : failure);
            return;
          }
          try {
            cache.put(key, r, query.cacheTtl().orElse(defaultTtl), tags);
          } catch (RuntimeException e) {
            degradation.failure(DegradationLog.Kind.WRITE, "store of " + key, e);
          }
          result.complete(r);
        });
    return result;
  }

  @Override
  public String toString() {
    return "CachingDatabaseClient{" + delegate() + ", cache=" + cache.name() + "}";
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }
}
