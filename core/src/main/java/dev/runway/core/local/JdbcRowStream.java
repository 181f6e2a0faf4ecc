package dev.runway.core.local;

import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnIndex;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A {@link RowStream} over an open JDBC result set; reads one row at a time. */
final class JdbcRowStream implements RowStream {

  private final String queryId;
  private final ResultSet rs;
  private final ColumnIndex index;
  private final JdbcTypes.ValueReader[] readers;
  private final long maxRows;
  private final Runnable onClose;
  private final Function<SQLException, RuntimeException> translate;
  private boolean iteratorTaken;
  private boolean closed;

  /**
   * Wraps an open result set.
   *
   * @param queryId the query's id
   * @param rs the result set, positioned before the first row
   * @param maxRows the row limit, or 0 for none
   * @param onClose releases the statement and connection; called once
   * @param translate turns a driver failure into a Runway exception
   */
  public JdbcRowStream(
      String queryId,
      ResultSet rs,
      long maxRows,
      Runnable onClose,
      Function<SQLException, RuntimeException> translate)
      throws SQLException {
    this.queryId = queryId;
    this.rs = rs;
    List<Column> columns = JdbcTypes.columns(rs.getMetaData());
    this.index = new ColumnIndex(columns);
    this.readers = columns.stream().map(JdbcTypes::readerFor).toArray(JdbcTypes.ValueReader[]::new);
    this.maxRows = maxRows;
    this.onClose = onClose;
    this.translate = translate;
  }

  /** Returns the column index shared by the rows. */
  public ColumnIndex columnIndex() {
    return index;
  }

  @Override
  public List<Column> columns() {
    return index.columns();
  }

  @Override
  public Optional<String> queryId() {
    return Optional.of(queryId);
  }

  /** Reads the next row, or returns null at the end; package use by the client's execute path. */
  public @Nullable Row readRow() throws SQLException {
    if (closed || !rs.next()) {
      return null;
    }
    Object[] values = new Object[readers.length];
    for (int i = 0; i < readers.length; i++) {
      values[i] = readers[i].read(rs, i + 1);
    }
    return new Row(index, values);
  }

  @Override
  public Iterator<Row> iterator() {
    if (iteratorTaken) {
      throw new IllegalStateException("a RowStream can be iterated once; run the query again");
    }
    iteratorTaken = true;
    return new Iterator<>() {
      private @Nullable Row nextRow;
      private boolean done;
      private long read;

      @Override
      public boolean hasNext() {
        if (nextRow != null) {
          return true;
        }
        if (done) {
          return false;
        }
        try {
          nextRow = (maxRows > 0 && read >= maxRows) ? null : readRow();
        } catch (SQLException e) {
          close();
          throw translate.apply(e);
        }
        if (nextRow == null) {
          done = true;
          close();
          return false;
        }
        read++;
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException("the stream has no more rows");
        }
        Row r = Objects.requireNonNull(nextRow, "hasNext() read it");
        nextRow = null;
        return r;
      }
    };
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ConnectionSource.closeQuietly(rs);
    onClose.run();
  }
}
