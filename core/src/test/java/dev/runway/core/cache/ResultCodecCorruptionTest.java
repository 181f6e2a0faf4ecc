package dev.runway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.runway.core.engine.PolledEngine;
import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnIndex;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.Row;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A cache entry is bytes another process wrote: every prefix of a valid encoding and every
 * single-byte change is either decoded or refused as corrupt, never another exception and never a
 * huge allocation; lengths are checked against the bytes that are there.
 */
class ResultCodecCorruptionTest {

  @Test
  void everyTruncation_isRefusedAsCorrupt() {
    byte[] bytes = ResultCodec.encode(ResultCodecTest.sample(6));
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThatThrownBy(() -> ResultCodec.decode(cut))
          .as("prefix of %d bytes", len)
          .isInstanceOf(ResultCodec.IncompatibleFormatException.class);
    }
  }

  @Test
  void everySingleByteChange_decodesOrIsRefusedAsCorrupt() {
    byte[] bytes = ResultCodec.encode(ResultCodecTest.sample(4));
    Random random = new Random(7);
    for (int i = 0; i < bytes.length; i++) {
      for (int k = 0; k < 3; k++) {
        byte[] changed = bytes.clone();
        changed[i] = (byte) (k == 0 ? 0xff : k == 1 ? 0x7f : random.nextInt(256));
        Throwable t = catchThrowable(() -> ResultCodec.decode(changed));
        if (t != null) {
          assertThat(t)
              .as("byte %d", i)
              .isInstanceOf(ResultCodec.IncompatibleFormatException.class);
        }
      }
    }
  }

  @Test
  void trailingBytes_areRefused() {
    byte[] bytes = ResultCodec.encode(ResultCodecTest.sample(2));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertThatThrownBy(() -> ResultCodec.decode(longer))
        .isInstanceOf(ResultCodec.IncompatibleFormatException.class)
        .hasMessageContaining("3 trailing bytes");
  }

  /** The last value of the encoding is a string that ends exactly at the end of the bytes. */
  @Test
  void aStringEndingExactlyAtTheEnd_isRead() {
    ColumnIndex idx = new ColumnIndex(List.of(Column.of("s", ColumnType.VARCHAR)));
    QueryResult r =
        new QueryResult(
            idx,
            List.of(new Row(idx, new Object[] {"last"})),
            QueryStats.builder("duckdb").build());
    assertThat(ResultCodec.decode(ResultCodec.encode(r))).isEqualTo(r);
    ColumnIndex b = new ColumnIndex(List.of(Column.of("b", ColumnType.BINARY)));
    QueryResult rb =
        new QueryResult(
            b,
            List.of(new Row(b, new Object[] {new byte[] {9, 8}})),
            QueryStats.builder("duckdb").build());
    assertThat(ResultCodec.decode(ResultCodec.encode(rb))).isEqualTo(rb);
  }

  @Test
  void aLengthPastTheEnd_isNamed() {
    ColumnIndex idx = new ColumnIndex(List.of(Column.of("s", ColumnType.VARCHAR)));
    QueryResult r =
        new QueryResult(
            idx,
            List.of(new Row(idx, new Object[] {"abcd"})),
            QueryStats.builder("duckdb").build());
    byte[] bytes = ResultCodec.encode(r);
    // the string's length is the 4 bytes before its 4 bytes of text at the end
    ByteBuffer.wrap(bytes).putInt(bytes.length - 8, 5);
    assertThatThrownBy(() -> ResultCodec.decode(bytes))
        .isInstanceOf(ResultCodec.IncompatibleFormatException.class)
        .hasMessageContaining("length 5 exceeds the remaining 4 bytes");
    ByteBuffer.wrap(bytes).putInt(bytes.length - 8, -2);
    assertThatThrownBy(() -> ResultCodec.decode(bytes))
        .isInstanceOf(ResultCodec.IncompatibleFormatException.class)
        .hasMessageContaining("length -2");
  }

  @Test
  void largeResults_growTheBufferAndRoundTrip() {
    ColumnIndex idx =
        new ColumnIndex(
            List.of(Column.of("s", ColumnType.VARCHAR), Column.of("b", ColumnType.BINARY)));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(new Row(idx, new Object[] {"x".repeat(i * 7), new byte[i * 3]}));
    }
    QueryResult r = new QueryResult(idx, rows, QueryStats.builder("duckdb").rows(300).build());
    byte[] bytes = ResultCodec.encode(r);
    assertThat(ResultCodec.decode(bytes)).isEqualTo(r);
    // one string larger than twice the starting buffer, alone
    QueryResult big =
        new QueryResult(
            idx,
            List.of(new Row(idx, new Object[] {"y".repeat(10_000), new byte[0]})),
            QueryStats.builder("duckdb").build());
    assertThat(ResultCodec.decode(ResultCodec.encode(big))).isEqualTo(big);
    // nothing but the bytes needed: 2 header bytes, and no slack left at the end
    assertThat(ResultCodec.encode(big).length).isLessThan(10_000 + 200);
  }

  @Test
  void columnCount_andTypeOrdinal_areChecked() {
    ColumnIndex idx = new ColumnIndex(List.of(Column.of("s", ColumnType.VARCHAR)));
    QueryResult r = new QueryResult(idx, List.of(), QueryStats.builder("duckdb").build());
    byte[] bytes = ResultCodec.encode(r);
    byte[] many = bytes.clone();
    ByteBuffer.wrap(many).putInt(2, 100_001);
    assertThatThrownBy(() -> ResultCodec.decode(many))
        .hasMessageContaining("implausible column count 100001");
    byte[] negative = bytes.clone();
    ByteBuffer.wrap(negative).putInt(2, -1);
    assertThatThrownBy(() -> ResultCodec.decode(negative))
        .hasMessageContaining("implausible column count -1");
    byte[] type = bytes.clone();
    // after the count (4) and the name (4 + 1): the type's ordinal
    type[2 + 4 + 4 + 1] = (byte) ColumnType.values().length;
    assertThatThrownBy(() -> ResultCodec.decode(type))
        .hasMessageContaining("unknown column type " + ColumnType.values().length);
    type[2 + 4 + 4 + 1] = (byte) (ColumnType.values().length - 1);
    assertThat(catchThrowable(() -> ResultCodec.decode(type))).isNull();
  }

  @Test
  void engineStates_terminalOrNot() {
    assertThat(PolledEngine.State.QUEUED.terminal()).isFalse();
    assertThat(PolledEngine.State.RUNNING.terminal()).isFalse();
    assertThat(PolledEngine.State.SUCCEEDED.terminal()).isTrue();
    assertThat(PolledEngine.State.FAILED.terminal()).isTrue();
    assertThat(PolledEngine.State.CANCELLED.terminal()).isTrue();
  }
}
