package dev.runway.core.query;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RowStream} over a result already in memory, for test clients; runs {@code onClose} on
 * close.
 */
public final class ListRowStream implements RowStream {
  private final QueryResult result;
  private final Runnable onClose;
  private final Iterator<Row> rows;

  private ListRowStream(QueryResult result, Runnable onClose) {
    this.result = result;
    this.onClose = onClose;
    this.rows = result.rows().iterator();
  }

  /** Streams {@code result}'s rows. */
  public static ListRowStream of(QueryResult result, Runnable onClose) {
    return new ListRowStream(result, onClose);
  }

  @Override
  public List<Column> columns() {
    return result.columns();
  }

  @Override
  public Iterator<Row> iterator() {
    return rows;
  }

  @Override
  public Optional<String> queryId() {
    return result.stats().queryId();
  }

  @Override
  public void close() {
    onClose.run();
  }
}
