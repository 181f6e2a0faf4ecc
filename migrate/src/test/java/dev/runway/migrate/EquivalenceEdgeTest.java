package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnIndex;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where each equivalence rule of the shadow comparison and the table validation stops: one value
 * each side of every edge, and how the comparison pairs rows, counts differences and keeps 20.
 */
class EquivalenceEdgeTest {

  @Test
  void nullsAndBytes() {
    assertThat(ResultComparator.equalUnder(null, null)).isEmpty();
    assertThat(ResultComparator.equalUnder(null, 1)).isNull();
    assertThat(ResultComparator.equalUnder(1, null)).isNull();
    assertThat(ResultComparator.equalUnder(new byte[] {1, 2}, new byte[] {1, 2})).isEmpty();
    assertThat(ResultComparator.equalUnder(new byte[] {1, 2}, new byte[] {1, 3})).isNull();
    assertThat(ResultComparator.equivalent(null, null)).isTrue();
    assertThat(ResultComparator.equivalent(1, 2)).isFalse();
    assertThat(ResultComparator.equivalent(1, 1L)).isTrue();
  }

  @Test
  void timesAtTheMillisecond() {
    assertThat(
            ResultComparator.equalUnder(
                LocalTime.parse("10:00:00.123999"), LocalTime.parse("10:00:00.123")))
        .isEqualTo("timestamp-precision");
    assertThat(
            ResultComparator.equalUnder(
                LocalTime.parse("10:00:00.124"), LocalTime.parse("10:00:00.123")))
        .isNull();
    assertThat(
            ResultComparator.equalUnder(
                Instant.parse("2026-01-01T10:00:00.124Z"),
                Instant.parse("2026-01-01T10:00:00.123Z")))
        .isNull();
    assertThat(
            ResultComparator.equalUnder(
                LocalDateTime.parse("2026-01-01T10:00"), Instant.parse("2026-01-01T10:00:00Z")))
        .isNull();
  }

  @Test
  void floatsWithinARelativeTolerance() {
    assertThat(ResultComparator.equalUnder(1e12, 1e12 + 1e3)).isEqualTo("float-tolerance");
    assertThat(ResultComparator.equalUnder(1e12, 1e12 + 1e4)).isNull();
    assertThat(ResultComparator.equalUnder(1.0f, 1.0)).isEqualTo("float-tolerance");
    assertThat(ResultComparator.equalUnder(2L, 2.0)).isEqualTo("float-tolerance");
    assertThat(ResultComparator.equalUnder(2.0f, 2L)).isEqualTo("float-tolerance");
    assertThat(ResultComparator.equalUnder(-3.0, 3.0)).isNull();
    assertThat(ResultComparator.equalUnder(-0.0, 0.0)).isEqualTo("float-tolerance");
    assertThat(ResultComparator.equalUnder(0.0, 1e-301)).isNull();
    assertThat(ResultComparator.equalUnder(0.0, 1e-5)).isNull();
    assertThat(ResultComparator.equalUnder(2.0, "2.0")).isNull();
    assertThat(ResultComparator.equalUnder("2.0", 2.0)).isNull();
  }

  @Test
  void integersAndDecimals() {
    assertThat(ResultComparator.equalUnder(7, 7L)).isEqualTo("decimal-scale");
    assertThat(ResultComparator.equalUnder(7L, new BigDecimal("7.00"))).isEqualTo("decimal-scale");
    assertThat(ResultComparator.equalUnder(7, 8L)).isNull();
    assertThat(ResultComparator.equalUnder(new BigDecimal("5.0149"), new BigDecimal("5.01")))
        .isEqualTo("decimal-scale");
    assertThat(ResultComparator.equalUnder(new BigDecimal("5.015"), new BigDecimal("5.01")))
        .isNull();
    assertThat(ResultComparator.equalUnder(new BigDecimal("5.01"), new BigDecimal("5.015")))
        .isNull();
  }

  @Test
  void booleansAsText_bothWays() {
    for (String t : List.of("t", "true", "1", "y", "yes", " TRUE ")) {
      assertThat(ResultComparator.equalUnder(true, t)).as(t).isEqualTo("boolean-text");
      assertThat(ResultComparator.equalUnder(t, true)).as(t).isEqualTo("boolean-text");
      assertThat(ResultComparator.equalUnder(false, t)).as(t).isNull();
    }
    for (String f : List.of("f", "false", "0", "n", "no")) {
      assertThat(ResultComparator.equalUnder(false, f)).as(f).isEqualTo("boolean-text");
      assertThat(ResultComparator.equalUnder(f, false)).as(f).isEqualTo("boolean-text");
      assertThat(ResultComparator.equalUnder(f, true)).as(f).isNull();
    }
    assertThat(ResultComparator.equalUnder(true, "maybe")).isNull();
    assertThat(ResultComparator.equalUnder(true, 1)).isNull();
  }

  @Test
  void textPaddingAndJson() {
    assertThat(ResultComparator.equalUnder("A", "A  ")).isEqualTo("char-padding");
    assertThat(ResultComparator.equalUnder("", "  ")).as("an empty string is not padding").isNull();
    assertThat(ResultComparator.equalUnder("  ", "")).isNull();
    assertThat(ResultComparator.equalUnder("[1, 2]", "[1,2]")).isEqualTo("json-canonical");
    assertThat(ResultComparator.equalUnder("[1, 2]", "[2,1]")).isNull();
    assertThat(ResultComparator.equalUnder("{\"a\":1}", "[1]")).isNull();
    assertThat(ResultComparator.equalUnder("{\"a\":1}", "{a:1}"))
        .as("not JSON on one side")
        .isNull();
    assertThat(ResultComparator.equalUnder("{\"a\":1", "{\"a\": 1"))
        .as("unclosed: not JSON")
        .isNull();
    assertThat(ResultComparator.equalUnder("[1] x", "[1]  x")).isNull();
    assertThat(ResultComparator.equalUnder("{x", "{x}")).isNull();
    assertThat(ResultComparator.equalUnder(" {\"a\": 1} ", "{\"a\":1}"))
        .isEqualTo("json-canonical");
    assertThat(ResultComparator.equalUnder("x]", "[x")).isNull();
    assertThat(ResultComparator.equalUnder(new Object(), new Object())).isNull();
    assertThat(new ResultComparator().toString()).isEqualTo("ResultComparator");
  }

  private static QueryResult result(List<String> cols, Object[]... rows) {
    List<Column> c = new ArrayList<>();
    for (String n : cols) {
      c.add(Column.of(n, ColumnType.OTHER));
    }
    ColumnIndex idx = new ColumnIndex(c);
    List<Row> r = new ArrayList<>();
    for (Object[] v : rows) {
      r.add(new Row(idx, v));
    }
    return new QueryResult(idx, r, QueryStats.builder("x").build());
  }

  @Test
  void comparison_columnsByName_anyOrder_andRowsAsAMultiset() {
    ResultComparator cmp = new ResultComparator();
    QueryResult p =
        result(
            List.of("a", "B"), new Object[] {1, "x"}, new Object[] {1, "x"}, new Object[] {2, "y"});
    QueryResult c =
        result(
            List.of("b", "a"),
            new Object[] {"y", 2L},
            new Object[] {"x", 1},
            new Object[] {"x  ", 1});
    ResultComparator.Comparison r = cmp.compare("SELECT a, b FROM t", p, c);
    assertThat(r.matches()).isTrue();
    assertThat(r.differenceCount()).isZero();
    assertThat(r.forgiven()).containsEntry("decimal-scale", 1).containsEntry("char-padding", 1);
    // a duplicate on one side only is a difference each way
    QueryResult c2 =
        result(
            List.of("a", "b"), new Object[] {1, "x"}, new Object[] {2, "y"}, new Object[] {3, "z"});
    ResultComparator.Comparison r2 = cmp.compare("SELECT a, b FROM t", p, c2);
    assertThat(r2.matches()).isFalse();
    assertThat(r2.differenceCount()).isEqualTo(2);
    assertThat(r2.differences())
        .extracting(ResultComparator.Difference::primary)
        .containsExactly("row [1, x]", "no matching row");
    // other columns: one difference, nothing else compared
    ResultComparator.Comparison r3 = cmp.compare("SELECT 1", p, result(List.of("a", "c")));
    assertThat(r3.differenceCount()).isEqualTo(1);
    assertThat(r3.differences().get(0).primary()).isEqualTo("columns [a, b]");
  }

  @Test
  void comparison_withOrderBy_comparesRowByRow_andKeepsTwentyDifferences() {
    ResultComparator cmp = new ResultComparator();
    List<Object[]> pr = new ArrayList<>();
    List<Object[]> cr = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      pr.add(new Object[] {i});
      cr.add(new Object[] {i + 1});
    }
    cr.add(new Object[] {99});
    QueryResult p = result(List.of("n"), pr.toArray(new Object[0][]));
    QueryResult c = result(List.of("n"), cr.toArray(new Object[0][]));
    ResultComparator.Comparison r = cmp.compare("SELECT n FROM t ORDER  BY n", p, c);
    assertThat(r.differenceCount()).isEqualTo(26);
    assertThat(r.differences()).hasSize(20);
    assertThat(r.differences().get(0).primary()).isEqualTo("25 rows");
    assertThat(r.differences().get(1).column()).isEqualTo("n");
    assertThat(r.differences().get(1).row()).isZero();
    // the same rows in another order match without ORDER BY only
    QueryResult rev = result(List.of("n"), new Object[] {2}, new Object[] {1});
    QueryResult fwd = result(List.of("n"), new Object[] {1}, new Object[] {2});
    assertThat(cmp.compare("SELECT n FROM t", rev, fwd).matches()).isTrue();
    assertThat(cmp.compare("SELECT n FROM t order by n", rev, fwd).differenceCount()).isEqualTo(2);
    assertThat(
            cmp.compare(
                    "SELECT n FROM t order by n",
                    fwd,
                    result(List.of("n"), new Object[] {1L}, new Object[] {2L}))
                .forgiven())
        .containsEntry("decimal-scale", 2);
  }

  @Test
  void tableValidator_sameAggregate() {
    assertThat(TableValidator.same(null, null)).isTrue();
    assertThat(TableValidator.same(null, 0)).isFalse();
    assertThat(TableValidator.same(0, null)).isFalse();
    assertThat(TableValidator.same(1e12, 1e12 + 1e3)).isTrue();
    assertThat(TableValidator.same(1e12, 1e12 + 1e4)).isFalse();
    assertThat(TableValidator.same(0.0, 0.0)).isTrue();
    assertThat(TableValidator.same(0.0, 1e-300)).isFalse();
    assertThat(TableValidator.same(-2.0, 2.0)).isFalse();
    assertThat(TableValidator.same(2.0f, 2L)).isTrue();
    assertThat(TableValidator.same(2L, 2.0f)).isTrue();
    assertThat(TableValidator.same(2, 2.5)).isFalse();
    assertThat(TableValidator.same(5L, new BigDecimal("5.000"))).isTrue();
    assertThat(TableValidator.same(5L, new BigDecimal("5.001"))).isFalse();
    assertThat(
            TableValidator.same(
                LocalDateTime.parse("2026-01-01T10:00:00.123456"),
                LocalDateTime.parse("2026-01-01T10:00:00.123")))
        .isTrue();
    assertThat(
            TableValidator.same(
                LocalDateTime.parse("2026-01-01T10:00:00.124"),
                LocalDateTime.parse("2026-01-01T10:00:00.123")))
        .isFalse();
    assertThat(
            TableValidator.same(
                Instant.parse("2026-01-01T10:00:00.123456Z"),
                Instant.parse("2026-01-01T10:00:00.123Z")))
        .isTrue();
    assertThat(
            TableValidator.same(
                Instant.parse("2026-01-01T10:00:00.124Z"),
                Instant.parse("2026-01-01T10:00:00.123Z")))
        .isFalse();
    assertThat(TableValidator.same("a", "a")).isTrue();
    assertThat(TableValidator.same("a", "a ")).isFalse();
    assertThat(TableValidator.same(true, true)).isTrue();
    assertThat(TableValidator.same(true, "true")).isTrue();
    assertThat(TableValidator.same(true, false)).isFalse();
    assertThat(TableValidator.same(java.time.LocalDate.of(2026, 1, 1), "2026-01-01")).isTrue();
  }
}
