package dev.runway.core.query;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A forward-only stream of rows that holds a bounded number of rows in memory however large the
 * result. It holds a connection or a server-side cursor until it is closed: always use it in
 * try-with-resources. Not thread-safe.
 *
 * <pre>{@code
 * try (RowStream rows = db.stream(Query.of("SELECT * FROM sales_order_line"))) {
 *   for (Row row : rows) { ... }
 * }
 * }</pre>
 */
public interface RowStream extends Iterable<Row>, AutoCloseable {

  /** Returns the columns of the result. */
  List<Column> columns();

  /**
   * Returns the iterator over the rows. It may be obtained once; it throws {@link
   * dev.runway.core.error.RunwayException} if reading from the engine fails.
   */
  @Override
  Iterator<Row> iterator();

  /** Returns the rows as a sequential {@link Stream} that closes this stream when it is closed. */
  default Stream<Row> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }

  /** Returns the engine's id of the running query, when it has one. */
  Optional<String> queryId();

  /** Releases the connection or cursor; idempotent; never throws. */
  @Override
  void close();
}
