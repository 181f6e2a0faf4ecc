package dev.runway.micrometer;

import dev.runway.core.query.Column;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;
import io.micrometer.observation.Observation;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Observes every query as {@code runway.query} and records its bytes scanned and cost. */
final class ObservedDatabaseClient extends ForwardingDatabaseClient {

  private final RunwayObservations observations;

  ObservedDatabaseClient(DatabaseClient delegate, RunwayObservations observations) {
    super(delegate);
    this.observations = observations;
  }

  private Observation start(QueryContext context) {
    return Observation.createNotStarted(
            observations.queryConvention(),
            RunwayObservations.DEFAULT_QUERY,
            () -> context,
            observations.registry())
        .start();
  }

  private QueryContext context(Query query, String operation) {
    return new QueryContext(
        query, engine(), observations.label(query.label().orElse(null)), operation);
  }

  @Override
  public QueryResult execute(Query query) {
    QueryContext context = context(query, "execute");
    Observation obs = start(context);
    try (Observation.Scope ignored = obs.openScope()) {
      QueryResult r = delegate().execute(query);
      succeeded(context, r.stats());
      return r;
    } catch (RuntimeException | Error e) {
      obs.error(e);
      throw e;
    } finally {
      obs.stop();
    }
  }

  @Override
  public RowStream stream(Query query) {
    QueryContext context = context(query, "stream");
    Observation obs = start(context);
    try (Observation.Scope ignored = obs.openScope()) {
      return new ObservedStream(delegate().stream(query), obs);
    } catch (RuntimeException | Error e) {
      obs.error(e);
      obs.stop();
      throw e;
    }
  }

  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    QueryContext context = context(query, "async");
    Observation obs = start(context);
    CompletableFuture<QueryResult> source;
    try (Observation.Scope ignored = obs.openScope()) {
      source = delegate().executeAsync(query);
    } catch (RuntimeException | Error e) {
      obs.error(e);
      obs.stop();
      throw e;
    }
    CompletableFuture<QueryResult> result = cancelling(source);
    source.whenComplete(
        (r, e) -> {
          Throwable failure =
              e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
          if (failure != null) {
            obs.error(failure);
          } else {
            succeeded(context, r.stats());
          }
          obs.stop();
          if (failure == null) {
            result.complete(r);
          } else {
            result.completeExceptionally(failure);
          }
        });
    return result;
  }

  private void succeeded(QueryContext context, QueryStats stats) {
    context.setStats(stats);
    observations.recordCost(context.engine(), stats);
  }

  /** Stops the observation when the stream is closed, with the stream's error if reading failed. */
  private static final class ObservedStream implements RowStream {
    private final RowStream source;
    private final Observation obs;
    private final AtomicBoolean stopped = new AtomicBoolean();

    ObservedStream(RowStream source, Observation obs) {
      this.source = source;
      this.obs = obs;
    }

    @Override
    public List<Column> columns() {
      return source.columns();
    }

    @Override
    public Iterator<Row> iterator() {
      Iterator<Row> it = source.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          try {
            return it.hasNext();
          } catch (RuntimeException e) {
            obs.error(e);
            throw e;
          }
        }

        @Override
        public Row next() {
          try {
            return it.next();
          } catch (RuntimeException e) {
            obs.error(e);
            throw e;
          }
        }
      };
    }

    @Override
    public Optional<String> queryId() {
      return source.queryId();
    }

    @Override
    public void close() {
      try {
        source.close();
      } finally {
        if (stopped.compareAndSet(false, true)) {
          obs.stop();
        }
      }
    }
  }
}
