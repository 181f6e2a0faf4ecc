package dev.runway.testkit;

import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnIndex;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.Row;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Sample results and SQL fixtures shared by the contract suites. */
public final class SampleData {

  /** The table the database contract creates. */
  public static final String TABLE = "runway_contract_items";

  private SampleData() {}

  /** Returns a result of {@code rows} rows with one column of every normalised type. */
  public static QueryResult result(int rows) {
    List<Column> columns =
        List.of(
            Column.of("id", ColumnType.BIGINT),
            Column.of("name", ColumnType.VARCHAR),
            new Column("price", ColumnType.DECIMAL, "DECIMAL(10,2)", 10, 2),
            Column.of("qty", ColumnType.INTEGER),
            Column.of("ratio", ColumnType.DOUBLE),
            Column.of("weight", ColumnType.REAL),
            Column.of("active", ColumnType.BOOLEAN),
            Column.of("created", ColumnType.DATE),
            Column.of("updated", ColumnType.TIMESTAMP),
            Column.of("seen", ColumnType.TIMESTAMP_WITH_TIME_ZONE),
            Column.of("blob", ColumnType.BINARY),
            Column.of("note", ColumnType.VARCHAR));
    ColumnIndex index = new ColumnIndex(columns);
    List<Row> list = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      list.add(
          new Row(
              index,
              new Object[] {
                (long) i,
                "item-" + i + " ünïcode",
                new BigDecimal(i + ".25"),
                i % 7,
                i / 3.0,
                (float) i / 4,
                i % 2 == 0,
                LocalDate.of(2026, 1, 1).plusDays(i),
                LocalDateTime.of(2026, 1, 1, 12, 0).plusSeconds(i).plusNanos(123_456_000L),
                Instant.parse("2026-01-01T00:00:00Z").plusMillis(i),
                new byte[] {(byte) i, 1, 2},
                i % 3 == 0 ? null : i % 3 == 1 ? "" : "note"
              }));
    }
    QueryStats stats =
        QueryStats.builder("sample")
            .queryId("q-" + rows)
            .executionTime(Duration.ofMillis(12))
            .rows(rows)
            .bytesScanned(1024L * rows)
            .build();
    return new QueryResult(index, list, stats);
  }

  /** DDL for the contract table, in SQL that DuckDB, PostgreSQL, Athena and Redshift accept. */
  public static List<String> createTable() {
    return List.of(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE "
            + TABLE
            + " (id BIGINT, name VARCHAR(100), price DECIMAL(10,2), qty INTEGER, "
            + "ratio DOUBLE PRECISION, active BOOLEAN, created DATE, updated TIMESTAMP, note VARCHAR(100))",
        "INSERT INTO "
            + TABLE
            + " VALUES "
            + "(1, 'Pump', 19.99, 5, 0.5, TRUE, DATE '2026-01-02', TIMESTAMP '2026-01-02 03:04:05', NULL), "
            + "(2, 'Valve', 5.00, 12, 1.25, FALSE, DATE '2026-02-03', TIMESTAMP '2026-02-03 04:05:06', ''), "
            + "(3, 'Filter', 7.10, 0, 2.0, TRUE, DATE '2026-03-04', TIMESTAMP '2026-03-04 05:06:07', 'spare')");
  }
}
