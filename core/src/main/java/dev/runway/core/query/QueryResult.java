package dev.runway.core.query;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The complete, immutable result of a query: columns, rows and {@link QueryStats}. Thread-safe. For
 * results too large to hold in memory use {@link DatabaseClient#stream(Query)}.
 */
public final class QueryResult implements Iterable<Row> {

  private final ColumnIndex index;
  private final List<Row> rows;
  private final QueryStats stats;

  /**
   * Creates a result.
   *
   * @param index the columns
   * @param rows the rows, each built on {@code index}
   * @param stats the statistics of the query
   */
  public QueryResult(ColumnIndex index, List<Row> rows, QueryStats stats) {
    this.index = Objects.requireNonNull(index, "index");
    this.rows = List.copyOf(rows);
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  /** Returns the columns in result order. */
  public List<Column> columns() {
    return index.columns();
  }

  /** Returns the shared column index. */
  public ColumnIndex columnIndex() {
    return index;
  }

  /** Returns the rows in the order the engine returned them. */
  public List<Row> rows() {
    return rows;
  }

  /** Returns row {@code i} (0-based). */
  public Row row(int i) {
    return rows.get(i);
  }

  /** Returns the number of rows. */
  public int size() {
    return rows.size();
  }

  /** Returns whether the result has no rows. */
  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Returns the statistics of the query. */
  public QueryStats stats() {
    return stats;
  }

  /** Returns the same columns and rows with other statistics. */
  public QueryResult withStats(QueryStats newStats) {
    return new QueryResult(index, rows, newStats);
  }

  @Override
  public Iterator<Row> iterator() {
    return rows.iterator();
  }

  /** Two results are equal when their columns and rows are equal; statistics are ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof QueryResult r && index.equals(r.index) && rows.equals(r.rows);
  }

  @Override
  public int hashCode() {
    return 31 * index.hashCode() + rows.hashCode();
  }

  @Override
  public String toString() {
    return "QueryResult{columns=" + index + ", rows=" + rows.size() + ", stats=" + stats + "}";
  }
}
