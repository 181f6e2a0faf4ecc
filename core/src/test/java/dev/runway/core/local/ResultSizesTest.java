package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnIndex;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process cache's size estimate, term by term: what each value and row adds. */
class ResultSizesTest {

  private static QueryResult one(Object value) {
    ColumnIndex idx =
        new ColumnIndex(
            List.of(Column.of("v", ColumnType.OTHER), Column.of("w", ColumnType.OTHER)));
    return new QueryResult(
        idx, List.of(new Row(idx, new Object[] {value, null})), QueryStats.builder("x").build());
  }

  @Test
  void eachTerm() {
    ColumnIndex idx =
        new ColumnIndex(
            List.of(Column.of("v", ColumnType.OTHER), Column.of("w", ColumnType.OTHER)));
    long empty =
        ResultSizes.estimate(new QueryResult(idx, List.of(), QueryStats.builder("x").build()));
    assertThat(empty).isEqualTo(64 + 48 * 2);
    long row = empty + 32 + 4 * 2;
    assertThat(ResultSizes.estimate(one(null))).isEqualTo(row);
    assertThat(ResultSizes.estimate(one("abcde"))).isEqualTo(row + 40 + 5);
    assertThat(ResultSizes.estimate(one(new BigDecimal(BigInteger.ONE.shiftLeft(80), 2))))
        .isEqualTo(row + 40 + 81 / 8);
    assertThat(ResultSizes.estimate(one(new byte[100]))).isEqualTo(row + 16 + 100);
    assertThat(ResultSizes.estimate(one(Boolean.TRUE))).isEqualTo(row);
    assertThat(ResultSizes.estimate(one(7L))).isEqualTo(row + 24);
    QueryResult two =
        new QueryResult(
            idx,
            List.of(new Row(idx, new Object[] {"a", 1}), new Row(idx, new Object[] {"bb", 2})),
            QueryStats.builder("x").build());
    assertThat(ResultSizes.estimate(two))
        .isEqualTo(empty + 2 * (32 + 8) + (40 + 1) + 24 + (40 + 2) + 24);
  }
}
