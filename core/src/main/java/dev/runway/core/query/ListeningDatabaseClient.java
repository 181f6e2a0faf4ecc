package dev.runway.core.query;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link DatabaseClient} that tells {@link QueryListener}s about every executed query. Thread-safe. */
public final class ListeningDatabaseClient extends ForwardingDatabaseClient {

  private static final Logger LOG = LoggerFactory.getLogger(ListeningDatabaseClient.class);

  private final List<QueryListener> listeners;

  private ListeningDatabaseClient(DatabaseClient delegate, List<QueryListener> listeners) {
    super(delegate);
    this.listeners = List.copyOf(listeners);
  }

  /** Wraps {@code delegate}, telling {@code listeners} in order. */
  public static ListeningDatabaseClient wrap(DatabaseClient delegate, List<QueryListener> listeners) {
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
    return delegate().executeAsync(query).whenComplete((r, e) -> {
      for (QueryListener l : listeners) {
        try {
          if (e == null) {
            l.onSuccess(query, r.stats());
          } else if (e instanceof RuntimeException re) {
            l.onFailure(query, re, Duration.ZERO);
          }
        } catch (RuntimeException listenerFailure) {
          LOG.warn("query listener {} failed", l, listenerFailure);
        }
      }
    });
  }

}
