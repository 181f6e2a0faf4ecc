package dev.runway.testkit;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.Column;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryTimeoutException;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The database contract run against deliberately broken clients (the mutants the suite once let
 * through). Not picked up by the build on its own; {@link ContractStrengthTest} runs each and
 * expects the tests that observe the engine to fail.
 */
final class BrokenCancelDatabaseContractRun {

  private BrokenCancelDatabaseContractRun() {}

  /**
   * Shared set-up: an observed DuckDB and clean-up that stops what the broken client left running.
   */
  abstract static class Broken extends DatabaseClientContract {
    ObservedDataSource dataSource;

    abstract DatabaseClient breakIt(DatabaseClient real);

    @Override
    protected DatabaseClient createClient() {
      dataSource = ObservedDataSource.duckDbInMemory();
      return breakIt(JdbcDatabaseClient.of(dataSource));
    }

    @Override
    protected EngineProbe engineProbe() {
      return dataSource;
    }

    @Override
    protected void closeClient(DatabaseClient db) {
      dataSource.cancelRunning();
      db.close();
      try {
        dataSource.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Mutant A: cancelling the future, or a timeout, never reaches the database. */
  static class NeverCancels extends Broken {
    @Override
    DatabaseClient breakIt(DatabaseClient real) {
      return new ForwardingDatabaseClient(real) {
        @Override
        public CompletableFuture<QueryResult> executeAsync(Query query) {
          CompletableFuture<QueryResult> detached = new CompletableFuture<>();
          delegate()
              .executeAsync(query)
              .whenComplete(
                  (r, e) -> {
                    if (e == null) {
                      detached.complete(r);
                    } else {
                      detached.completeExceptionally(e);
                    }
                  });
          return detached;
        }

        @Override
        public QueryResult execute(Query query) {
          if (query.timeout().isEmpty()) {
            return delegate().execute(query);
          }
          Duration timeout = query.timeout().get();
          Query unbounded = Query.builder(query.sql()).cacheable(false).build();
          CompletableFuture<QueryResult> running = executeAsync(unbounded);
          try {
            return running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException e) {
            throw new QueryTimeoutException(engine(), timeout, "never-cancelled", e);
          } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
          }
        }
      };
    }
  }

  /** Mutant B: a stream closed early never releases its statement. */
  static class LeaksStreams extends Broken {
    @Override
    DatabaseClient breakIt(DatabaseClient real) {
      return new ForwardingDatabaseClient(real) {
        @Override
        public RowStream stream(Query query) {
          RowStream s = delegate().stream(query);
          return new RowStream() {
            @Override
            public List<Column> columns() {
              return s.columns();
            }

            @Override
            public Optional<String> queryId() {
              return s.queryId();
            }

            @Override
            public Iterator<Row> iterator() {
              return s.iterator();
            }

            @Override
            public void close() {
              // the mutant: nothing is released
            }
          };
        }
      };
    }
  }
}
