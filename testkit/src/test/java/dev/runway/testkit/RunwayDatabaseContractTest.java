package dev.runway.testkit;

import dev.runway.core.Runway;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.QueryListener;
import org.junit.jupiter.api.Nested;

/**
 * The database contract against what an application gets: {@code Runway...build().database()}, the
 * engine behind the listening, caching and resilience decorators, without and with a cache.
 * Cancelling through the decorators must still stop the statement on the engine.
 */
class RunwayDatabaseContractTest {

  /** The assembled chain over an observed DuckDB data source. */
  abstract static class Chain extends DatabaseClientContract {
    private ObservedDataSource dataSource;
    private Runway runway;

    abstract QueryCache cache();

    @Override
    protected DatabaseClient createClient() {
      dataSource = ObservedDataSource.duckDbInMemory();
      runway =
          Runway.builder()
              .database(JdbcDatabaseClient.of(dataSource))
              .cache(cache())
              .listener(new QueryListener() {})
              .build();
      return runway.database();
    }

    @Override
    protected EngineProbe engineProbe() {
      return dataSource;
    }

    @Override
    protected void closeClient(DatabaseClient db) {
      runway.close();
      try {
        dataSource.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Nested
  class WithoutCache extends Chain {
    @Override
    QueryCache cache() {
      return QueryCache.none();
    }
  }

  @Nested
  class WithCache extends Chain {
    @Override
    QueryCache cache() {
      return InMemoryQueryCache.create();
    }
  }
}
