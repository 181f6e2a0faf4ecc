package dev.runway.migrate;

import dev.runway.core.health.Health;
import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnIndex;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ListRowStream;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A client that answers every query with one row holding its name, records what it was asked, and
 * fails, slows or refuses as a test sets it; for the logic of the migration decorators, which only
 * route, compare and count.
 */
class FakeClient implements DatabaseClient {
  static final ColumnIndex INDEX = new ColumnIndex(List.of(Column.of("v", ColumnType.VARCHAR)));

  final String name;
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  volatile RuntimeException failure;
  volatile Runnable during = () -> {};
  volatile Function<Query, QueryResult> answer;
  volatile Set<String> cancellable = Set.of();
  volatile Health health;
  volatile RuntimeException closeFailure;

  FakeClient(String name) {
    this.name = name;
    this.answer = q -> result(name);
    this.health = Health.up("database:" + name);
  }

  static QueryResult result(String value) {
    return new QueryResult(
        INDEX,
        List.of(new Row(INDEX, new Object[] {value})),
        QueryStats.builder("fake").rows(1).build());
  }

  @Override
  public String engine() {
    return name;
  }

  @Override
  public QueryResult execute(Query query) {
    calls.add("execute " + query.sql());
    during.run();
    if (failure != null) {
      throw failure;
    }
    return answer.apply(query);
  }

  @Override
  public RowStream stream(Query query) {
    calls.add("stream " + query.sql());
    if (failure != null) {
      throw failure;
    }
    return ListRowStream.of(answer.apply(query), () -> calls.add("stream closed"));
  }

  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    calls.add("async " + query.sql());
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    return CompletableFuture.completedFuture(answer.apply(query));
  }

  @Override
  public boolean cancel(String queryId) {
    calls.add("cancel " + queryId);
    return cancellable.contains(queryId);
  }

  @Override
  public Health health() {
    return health;
  }

  @Override
  public void close() {
    calls.add("close");
    if (closeFailure != null) {
      throw closeFailure;
    }
  }

  long count(String prefix) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }
  }
}
