package dev.runway.core.local;

import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.Row;
import dev.runway.core.query.RowStream;

/**
 * Run in a child JVM with a small heap by {@link JdbcDatabaseClientTest}: streams (or, with {@code
 * execute}, materialises) a large result and prints the row count and a checksum.
 */
public final class StreamMemoryProbe {

  private StreamMemoryProbe() {}

  public static void main(String[] args) {
    int rows = Integer.parseInt(args[0]);
    boolean stream = args[1].equals("stream");
    String sql = "SELECT range AS n, 'row-' || range AS label FROM range(" + rows + ")";
    long count = 0;
    long sum = 0;
    try (DatabaseClient db = JdbcDatabaseClient.embedded()) {
      if (stream) {
        try (RowStream rs = db.stream(Query.of(sql))) {
          for (Row r : rs) {
            count++;
            sum += r.getLong(0) + r.getString(1).length();
          }
        }
      } else {
        QueryResult r = db.execute(Query.of(sql));
        for (Row row : r) {
          count++;
          sum += row.getLong(0) + row.getString(1).length();
        }
      }
    }
    System.out.println("rows=" + count + " checksum=" + sum);
  }
}
