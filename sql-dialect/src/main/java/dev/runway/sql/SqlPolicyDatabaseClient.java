package dev.runway.sql;

import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.RowStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link DatabaseClient} that holds every query to a {@link SqlPolicy}: a refused query throws
 * {@link SqlPolicyViolationException} (from {@link #executeAsync}, a future failed with it) and
 * never reaches the delegate; an accepted one runs with the row limit the policy adds. Put it
 * outside a caching client, so that a refused query is refused even when a result is cached. Create
 * it with {@link SqlPolicy#guard(DatabaseClient)}. Thread-safe.
 */
public final class SqlPolicyDatabaseClient extends ForwardingDatabaseClient {

  private final SqlPolicy policy;

  SqlPolicyDatabaseClient(DatabaseClient delegate, SqlPolicy policy) {
    super(delegate);
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** Returns the policy queries are held to. */
  public SqlPolicy policy() {
    return policy;
  }

  @Override
  public QueryResult execute(Query query) {
    return delegate().execute(allowed(query));
  }

  @Override
  public RowStream stream(Query query) {
    return delegate().stream(allowed(query));
  }

  @Override
  public CompletableFuture<QueryResult> executeAsync(Query query) {
    Query q;
    try {
      q = allowed(query);
    } catch (SqlPolicyViolationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return delegate().executeAsync(q);
  }

  private Query allowed(Query query) {
    SqlPolicy.Decision d = policy.check(query);
    if (!d.accepted()) {
      throw new SqlPolicyViolationException(query.label().orElse(null), d.violations());
    }
    return d.query();
  }

  @Override
  public String toString() {
    return "SqlPolicyDatabaseClient[" + policy + " -> " + delegate() + "]";
  }
}
