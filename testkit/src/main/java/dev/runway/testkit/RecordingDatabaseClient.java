package dev.runway.testkit;

import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.RowStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client that records the SQL of every statement it is asked to run, then runs it on its
 * delegate: for tests that must observe that a guard refused something before any statement was
 * sent, or which statements a tool sent in which order. Thread-safe.
 */
public final class RecordingDatabaseClient extends ForwardingDatabaseClient {

  private final List<String> statements = new CopyOnWriteArrayList<>();

  /** Records what is sent to {@code delegate}. */
  public RecordingDatabaseClient(DatabaseClient delegate) {
    super(delegate);
  }

  /** Returns the SQL of every statement asked for so far, in order. */
  public List<String> statements() {
    return List.copyOf(statements);
  }

  @Override
  public QueryResult execute(Query query) {
    statements.add(query.sql());
    return super.execute(query);
  }

  @Override
  public RowStream stream(Query query) {
    statements.add(query.sql());
    return super.stream(query);
  }

  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    statements.add(query.sql());
    return super.executeAsync(query);
  }
}
