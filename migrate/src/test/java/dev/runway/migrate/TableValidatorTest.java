package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.InvalidQueryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation between two real DuckDB databases, one of them changed on purpose. */
class TableValidatorTest {

  private DatabaseClient source;
  private DatabaseClient target;

  private static final String[] SETUP = {
    "CREATE TABLE orders AS SELECT i AS id, 'WH-' || (i % 3) AS warehouse, CAST(i * 1.25 AS DECIMAL(12,2)) AS amount, "
        + "i * 0.1 AS ratio, TIMESTAMP '2026-01-01 00:00:00' + INTERVAL (i) MINUTE AS placed, "
        + "CASE WHEN i % 5 = 0 THEN NULL ELSE 'note ' || i END AS note FROM range(1, 1001) t(i)",
    "CREATE TABLE product AS SELECT i AS id, 'P' || i AS name FROM range(1, 51) t(i)"
  };

  @BeforeEach
  void start() {
    source = JdbcDatabaseClient.embedded();
    target = JdbcDatabaseClient.embedded();
    for (String sql : SETUP) {
      source.execute(sql);
      target.execute(sql);
    }
  }

  @AfterEach
  void stop() {
    source.close();
    target.close();
  }

  @Test
  @DisplayName("identical tables match on counts and every column aggregate")
  void identical() {
    TableValidator.Report r =
        TableValidator.between(source, target).validate(List.of("orders", "product"), t -> {});
    assertThat(r.passed()).isTrue();
    TableValidator.TableReport orders = r.tables().get(0);
    assertThat(orders.sourceRows()).isEqualTo(1000);
    assertThat(orders.checks())
        .extracting(TableValidator.Check::what)
        .contains(
            "row count", "amount: sum", "amount: min", "placed: max", "note: nulls", "ratio: sum");
    assertThat(r.toMarkdown())
        .contains("**PASSED**")
        .contains("| orders | match | 1000 | 1000 | 0 |");
  }

  @Test
  @DisplayName(
      "a dropped row fails the migration on the row count, the partition count and the aggregates")
  void droppedRow() {
    target.execute("DELETE FROM orders WHERE id = 500");
    TableValidator.Report r =
        TableValidator.between(source, target)
            .partitionedBy("orders", "warehouse")
            .validate(List.of("orders", "product"), t -> {});
    assertThat(r.passed()).isFalse();
    TableValidator.TableReport orders = r.tables().get(0);
    assertThat(orders.matched()).isFalse();
    assertThat(orders.differences())
        .extracting(TableValidator.Check::what)
        .contains("row count", "rows where warehouse = WH-2", "amount: sum", "id: sum")
        .doesNotContain("rows where warehouse = WH-0", "id: min");
    assertThat(r.tables().get(1).matched()).isTrue();
    assertThat(r.toJson()).contains("\"passed\" : false");
    assertThat(r.toMarkdown()).contains("| orders | MISMATCH | 1000 | 999 |").contains("## orders");
  }

  @Test
  @DisplayName("a changed value and a value turned NULL are found even when the row count agrees")
  void changedValues() {
    target.execute("UPDATE orders SET amount = amount + 0.01 WHERE id = 7");
    target.execute("UPDATE orders SET note = NULL WHERE id = 8");
    TableValidator.TableReport t =
        TableValidator.between(source, target).validate(List.of("orders"), x -> {}).tables().get(0);
    assertThat(t.differences())
        .extracting(TableValidator.Check::what)
        .containsExactlyInAnyOrder("amount: sum", "note: count", "note: nulls");
  }

  @Test
  @DisplayName(
      "equal values in other representations are equal: decimal scale, float rounding, sub-ms time")
  void representations() {
    assertThat(
            TableValidator.same(new java.math.BigDecimal("5.0"), new java.math.BigDecimal("5.000")))
        .isTrue();
    assertThat(TableValidator.same(5L, new java.math.BigDecimal("5"))).isTrue();
    assertThat(TableValidator.same(0.1 + 0.2, 0.3)).isTrue();
    assertThat(TableValidator.same(1.0, 1.001)).isFalse();
    assertThat(
            TableValidator.same(
                java.time.LocalDateTime.of(2026, 1, 1, 0, 0, 0, 123_456_000),
                java.time.LocalDateTime.of(2026, 1, 1, 0, 0, 0, 123_000_000)))
        .isTrue();
    assertThat(TableValidator.same(null, "")).isFalse();
  }

  @Test
  @DisplayName(
      "with a state file, a re-run skips tables that matched and re-checks those that did not")
  void resumable(@TempDir Path dir) {
    target.execute("DELETE FROM product WHERE id = 1");
    Path state = dir.resolve("validation.json");
    List<String> heard = new ArrayList<>();
    TableValidator.between(source, target)
        .stateFile(state, "src", "tgt")
        .validate(List.of("orders", "product"), t -> heard.add(t.table() + ":" + t.matched()));
    assertThat(heard).containsExactly("orders:true", "product:false");
    target.execute("INSERT INTO product VALUES (1, 'P1')");
    TableValidator.Report again =
        TableValidator.between(source, target)
            .stateFile(state, "src", "tgt")
            .validate(List.of("orders", "product"), t -> {});
    assertThat(again.tables().get(0).skipped()).isTrue();
    assertThat(again.tables().get(1).skipped()).isFalse();
    assertThat(again.passed()).isTrue();
  }

  @Test
  @DisplayName(
      "a state file of another pair or table list is refused, never read as already matched")
  void stateOfAnotherValidation_isRefused(@TempDir Path dir) {
    Path state = dir.resolve("validation.json");
    TableValidator.between(source, target)
        .stateFile(state, "src", "tgt")
        .validate(List.of("orders"), t -> {});
    target.execute("DELETE FROM orders");
    assertThatThrownBy(
            () ->
                TableValidator.between(source, target)
                    .stateFile(state, "src", "other-tgt")
                    .validate(List.of("orders"), t -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("belongs to another validation")
        .hasMessageContaining("other-tgt")
        .hasMessageContaining("delete it");
    assertThatThrownBy(
            () ->
                TableValidator.between(source, target)
                    .stateFile(state, "src", "tgt")
                    .validate(List.of("orders", "product"), t -> {}))
        .isInstanceOf(IllegalStateException.class);
    // the same validation still resumes: orders matched before, and is skipped
    assertThat(
            TableValidator.between(source, target)
                .stateFile(state, "src", "tgt")
                .validate(List.of("orders"), t -> {})
                .tables()
                .get(0)
                .skipped())
        .isTrue();
  }

  @Test
  @DisplayName("a table name that is not a plain identifier is refused before any SQL runs")
  void injection() {
    assertThatThrownBy(
            () ->
                TableValidator.between(source, target)
                    .validate(List.of("orders; DROP TABLE product"), t -> {}))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("plain table");
    assertThat(source.execute("SELECT count(*) FROM product").row(0).getLong(0)).isEqualTo(50);
  }

  @Test
  @DisplayName("a partition only one side has is named, with NULL on the side that lacks it")
  void partitionOnOneSideOnly() {
    target.execute("DELETE FROM orders WHERE warehouse = 'WH-1'");
    source.execute("DELETE FROM orders WHERE warehouse = 'WH-2'");
    TableValidator.TableReport t =
        TableValidator.between(source, target)
            .partitionedBy("orders", "warehouse")
            .validate(List.of("orders"), x -> {})
            .tables()
            .get(0);
    assertThat(t.differences())
        .extracting(TableValidator.Check::what)
        .contains("rows where warehouse = WH-1", "rows where warehouse = WH-2")
        .doesNotContain("rows where warehouse = WH-0");
    TableValidator.Check wh1 =
        t.checks().stream()
            .filter(c -> c.what().equals("rows where warehouse = WH-1"))
            .findFirst()
            .orElseThrow();
    assertThat(wh1.target()).isEqualTo("null");
    assertThat(wh1.source()).isEqualTo("334"); // ids 1..1000 with i % 3 = 1
    TableValidator.Check wh2 =
        t.checks().stream()
            .filter(c -> c.what().equals("rows where warehouse = WH-2"))
            .findFirst()
            .orElseThrow();
    assertThat(wh2.source()).isEqualTo("null");
    // the markdown lists every difference of the table
    String md =
        TableValidator.between(source, target)
            .partitionedBy("orders", "warehouse")
            .validate(List.of("orders"), x -> {})
            .toMarkdown();
    assertThat(md).contains("| rows where warehouse = WH-1 | 334 | null |");
    assertThat(TableValidator.between(source, target).stateFileLocation()).isEmpty();
  }
}
