package dev.runway.core.query;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DatabaseClient} that tells {@link QueryListener}s about every executed query.
 * Thread-safe.
 */
public final class ListeningDatabaseClient extends ForwardingDatabaseClient {

  private static final Logger LOG = LoggerFactory.getLogger(ListeningDatabaseClient.class);

  private final List<QueryListener> listeners;

  private ListeningDatabaseClient(DatabaseClient delegate, List<QueryListener> listeners) {
    super(delegate);
    this.listeners = List.copyOf(listeners);
  }

  /** Wraps {@code delegate}, telling {@code listeners} in order. */
  public static ListeningDatabaseClient wrap(
      DatabaseClient delegate, List<QueryListener> listeners) {
    return new ListeningDatabaseClient(delegate, listeners);
  }

  @Override
  public QueryResult execute(Query query) {
    long start = System.nanoTime();
    QueryResult r;
    try {
      r = delegate().execute(query);
    } catch (RuntimeException e) {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      for (QueryListener l : listeners) {
        try {
          l.onFailure(query, e, elapsed);
        } catch (RuntimeException listenerFailure) {
          LOG.warn("query listener {} failed", l, listenerFailure);
        }
      }
      throw e;
    }
    for (QueryListener l : listeners) {
      try {
        l.onSuccess(query, r.stats());
      } catch (RuntimeException listenerFailure) {
        LOG.warn("query listener {} failed", l, listenerFailure);
      }
    }
    return r;
  }

  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    CompletableFuture<QueryResult> source = delegate().executeAsync(query);
    CompletableFuture<QueryResult> result = cancelling(source);
    source.whenComplete(
        (r, e) -> {
          Throwable failure =
              e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
          for (QueryListener l : listeners) {
            try {
              if (failure == null) {
                l.onSuccess(query, r.stats());
              } else if (failure instanceof RuntimeException re) {
                l.onFailure(query, re, Duration.ZERO);
              }
            } catch (RuntimeException listenerFailure) {
              LOG.warn("query listener {} failed", l, listenerFailure);
            }
          }
          if (failure == null) {
            result.complete(r);
          } else {
            result.completeExceptionally(failure);
          }
        });
    return result;
  }
}
