package dev.runway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

public class ResultCodecTest {

  public static QueryResult sample(int n) {
    List<Column> cols = new ArrayList<>();
    for (ColumnType t : ColumnType.values()) {
      cols.add(
          t == ColumnType.DECIMAL
              ? new Column("c_decimal", t, "DECIMAL(12,3)", 12, 3)
              : Column.of("c_" + t.name().toLowerCase(), t));
    }
    ColumnIndex idx = new ColumnIndex(cols);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object[] v = {
        i % 2 == 0,
        i,
        (long) i * 1_000_000_007L,
        new BigDecimal(i + ".125"),
        i / 3f,
        i / 7.0,
        "text-" + i + "-ü€",
        LocalDate.of(2026, 3, 1).plusDays(i),
        LocalTime.of(13, 14, 15, 123456789),
        LocalDateTime.of(2026, 3, 1, 0, 0).plusNanos(i * 1_001L),
        Instant.ofEpochSecond(1_700_000_000L + i, 999),
        new byte[] {1, (byte) i},
        "{\"k\": " + i + "}"
      };
      if (i % 5 == 4) {
        Arrays.fill(v, null);
      }
      rows.add(new Row(idx, v));
    }
    QueryStats stats =
        QueryStats.builder("athena")
            .queryId("abc-123")
            .queueTime(Duration.ofMillis(7))
            .executionTime(Duration.ofMillis(1234))
            .rows(n)
            .bytesScanned(10_485_760)
            .estimatedCostUsd(new BigDecimal("0.0000476837"))
            .build();
    return new QueryResult(idx, rows, stats);
  }

  @Test
  void encodeDecode_everyType_roundTrips() {
    QueryResult r = sample(50);
    QueryResult back = ResultCodec.decode(ResultCodec.encode(r));
    assertThat(back).isEqualTo(r);
    assertThat(back.columns()).isEqualTo(r.columns());
    assertThat(back.stats()).isEqualTo(r.stats());
    assertThat(back.row(4).get(0)).isNull();
  }

  @Test
  void decode_otherVersion_isIncompatibleNotCorrupt() {
    byte[] bytes = ResultCodec.encode(sample(3));
    bytes[1] = 99;
    assertThatThrownBy(() -> ResultCodec.decode(bytes))
        .isInstanceOf(ResultCodec.IncompatibleFormatException.class)
        .hasMessageContaining("version 99");
  }

  @Test
  void decode_truncatedOrForeignBytes_isRefusedCleanly() {
    byte[] bytes = ResultCodec.encode(sample(10));
    assertThatThrownBy(() -> ResultCodec.decode(Arrays.copyOf(bytes, bytes.length - 5)))
        .isInstanceOf(ResultCodec.IncompatibleFormatException.class);
    assertThatThrownBy(() -> ResultCodec.decode("hello".getBytes()))
        .isInstanceOf(ResultCodec.IncompatibleFormatException.class);
    assertThatThrownBy(() -> ResultCodec.decode(new byte[0]))
        .isInstanceOf(ResultCodec.IncompatibleFormatException.class);
  }

  @Test
  void encode_isCompact() {
    QueryResult r = sample(1000);
    // 13 columns per row: well under the ~100 bytes/value a Java-serialised form would take
    assertThat(ResultCodec.encode(r).length).isLessThan(1000 * 13 * 12);
  }

  @Test
  void encode_valueOfWrongType_namesColumn() {
    ColumnIndex idx = new ColumnIndex(List.of(Column.of("n", ColumnType.BIGINT)));
    QueryResult bad =
        new QueryResult(
            idx,
            List.of(new Row(idx, new Object[] {"not a long"})),
            QueryStats.builder("x").build());
    assertThatThrownBy(() -> ResultCodec.encode(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'n'");
  }
}
