package dev.runway.core.engine;

import dev.runway.core.error.RunwayException;
import dev.runway.core.query.Column;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryStats;
import dev.runway.core.sql.ParsedSql;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An engine that runs a query remotely and is asked, again and again, whether it has finished:
 * Amazon Athena, the Amazon Redshift Data API. It says how to submit, describe, stop and page;
 * {@link PolledQueryRuntime} does everything around that the same way for every such engine.
 *
 * <p>The status of a query carries the engine's own description of it ({@code D}, such as Athena's
 * {@code QueryExecution}), so that what {@link #describe} learnt reaches {@link #pages} without any
 * state kept between the calls.
 *
 * <p>Implementations must be thread-safe: the runtime calls them from the caller's thread and from
 * its own threads (prefetching pages, stopping a cancelled query).
 *
 * @param <D> the engine's own description of a query's state
 */
public interface PolledEngine<D> {

  /** Returns the engine name reported in stats and errors, such as {@code athena}. */
  String name();

  /**
   * Submits the query and returns the engine's id for it.
   *
   * @throws RunwayException of category {@link dev.runway.core.error.ErrorCategory#THROTTLED} when
   *     the service asks to try later (the runtime retries it under the same idempotency token),
   *     any other category when the query is refused
   */
  String submit(Submission submission);

  /** Asks the engine for the query's status; one request. */
  Status<D> describe(String queryId);

  /**
   * Asks the engine to stop the query. The runtime calls it at most once per query; an answer that
   * the query had already finished, failed or been stopped must not throw.
   */
  void stop(String queryId);

  /** Opens the result of a query whose status is {@link State#SUCCEEDED} with a result set. */
  Pages pages(Status<D> status, Query query);

  /**
   * Proves the engine is reachable and the caller may use it, with a metadata call that runs no
   * query and costs nothing (Athena's {@code GetWorkGroup}, the Data API's {@code ListStatements}):
   * load balancers ask for health every few seconds, and a query would take a concurrency slot and
   * be billed each time. The runtime caches the answer for a short interval.
   *
   * @throws RuntimeException when the engine cannot be reached or refuses the caller
   */
  void ping();

  /** Releases what the engine holds (SDK clients it built). Called once by the runtime. */
  default void close() {}

  /**
   * What is submitted: the query, its parsed SQL, the parameter values in placeholder order ({@code
   * null} for SQL NULL), and a token that is the same for every retry of this submission.
   *
   * @param query the query as the caller gave it
   * @param sql the parsed SQL
   * @param values the parameter values in placeholder order
   * @param idempotencyToken the same for every retry of this submission
   */
  record Submission(
      Query query, ParsedSql sql, List<@Nullable Object> values, String idempotencyToken) {
    /** Validates the components. */
    public Submission {
      Objects.requireNonNull(query, "query");
      Objects.requireNonNull(sql, "sql");
      values = Collections.unmodifiableList(new ArrayList<>(values));
      Objects.requireNonNull(idempotencyToken, "idempotencyToken");
    }
  }

  /** The state of a submitted query, in the engine-neutral terms the runtime acts on. */
  enum State {
    /** Accepted, not yet running. */
    QUEUED,
    /** Running. */
    RUNNING,
    /** Finished with a result. */
    SUCCEEDED,
    /** Failed; {@link Status#failure()} says why. */
    FAILED,
    /** Stopped before it finished. */
    CANCELLED;

    /** Returns whether the query will not change state again. */
    public boolean terminal() {
      return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
  }

  /**
   * One answer to "has it finished?".
   *
   * @param queryId the engine's id of the query
   * @param state the state
   * @param failure why it failed, when {@code state} is {@link State#FAILED}, else {@code null}
   * @param stats the engine's figures so far (rows are filled in by the runtime)
   * @param hasResultSet whether the query produced rows to read (false for most DDL)
   * @param detail the engine's own description of the query, handed back to {@link #pages}
   * @param <D> the type of the engine's description
   */
  record Status<D>(
      String queryId,
      State state,
      @Nullable RunwayException failure,
      QueryStats stats,
      boolean hasResultSet,
      @Nullable D detail) {
    /** Validates the components. */
    public Status {
      Objects.requireNonNull(queryId, "queryId");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(stats, "stats");
      if (state == State.FAILED && failure == null) {
        throw new IllegalArgumentException("a FAILED status needs its failure");
      }
    }
  }

  /**
   * One page of rows. The first page carries the columns.
   *
   * @param columns the columns (required on the first page, ignored on the others)
   * @param rows the rows, values already normalised to the columns' Java types
   */
  record Page(@Nullable List<Column> columns, List<Object[]> rows) {
    /** Validates the components. */
    public Page {
      Objects.requireNonNull(rows, "rows");
    }
  }

  /** A reader of a finished query's result, one page at a time. Not thread-safe. */
  interface Pages extends AutoCloseable {
    /** Returns the next page, or {@code null} after the last. */
    @Nullable Page next();

    /** Releases what the reader holds (an open S3 object, say). Never throws. */
    @Override
    default void close() {}
  }
}
