package dev.runway.core.cache;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayException;
import dev.runway.core.query.Column;
import dev.runway.core.query.ColumnIndex;
import dev.runway.core.query.ColumnType;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.QueryStats;
import dev.runway.core.query.Row;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Serialises a {@link QueryResult} to a compact binary form and back, for shared caches.
 *
 * <p>Layout: a magic byte {@code 'R'}, a format version byte, the columns, the stats, then the rows
 * with one presence byte and a type-specific encoding per value (integers as fixed-width, decimals
 * as scale + unscaled bytes, dates as epoch days, timestamps as seconds + nanos, text as UTF-8). A
 * reader refuses bytes of another version with {@link IncompatibleFormatException}, which a cache
 * treats as a miss; so a rolling deployment of a new format never fails a request. Stateless and
 * thread-safe.
 */
public final class ResultCodec {

  /** The format version this codec writes and reads. */
  public static final int VERSION = 1;

  private static final int MAGIC = 'R';

  private ResultCodec() {}

  /** Thrown when bytes are not a result of this codec's version. */
  public static final class IncompatibleFormatException extends RunwayException {
    private static final long serialVersionUID = 1L;

    IncompatibleFormatException(String message, @Nullable Throwable cause) {
      super(message, ErrorCategory.INTERNAL, null, cause);
    }
  }

  /** Encodes a result. */
  public static byte[] encode(QueryResult result) {
    Out out = new Out(256 + result.size() * 32);
    out.writeByte(MAGIC);
    out.writeByte(VERSION);
    List<Column> columns = result.columns();
    out.writeInt(columns.size());
    for (Column c : columns) {
      writeString(out, c.name());
      out.writeByte(c.type().ordinal());
      writeString(out, c.engineType());
      out.writeInt(c.precision());
      out.writeInt(c.scale());
    }
    QueryStats s = result.stats();
    writeString(out, s.engine());
    writeString(out, s.queryId().orElse(null));
    out.writeLong(s.queueTime().toNanos());
    out.writeLong(s.executionTime().toNanos());
    out.writeLong(s.rows());
    out.writeLong(s.bytesScanned().orElse(-1));
    writeString(out, s.estimatedCostUsd().toPlainString());
    out.writeInt(result.size());
    ColumnType[] types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
    for (Row row : result.rows()) {
      for (int i = 0; i < types.length; i++) {
        writeValue(out, types[i], row.get(i), columns.get(i).name());
      }
    }
    return out.toByteArray();
  }

  /**
   * A growable big-endian buffer, unsynchronised (DataOutputStream's per-byte locking costs more
   * than the data).
   */
  private static final class Out {
    private byte[] buf;
    private int size;

    Out(int capacity) {
      buf = new byte[Math.max(64, capacity)];
    }

    private void ensure(int n) {
      if (size + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
      }
    }

    void writeByte(int v) {
      ensure(1);
      buf[size++] = (byte) v;
    }

    void writeInt(int v) {
      ensure(4);
      buf[size++] = (byte) (v >>> 24);
      buf[size++] = (byte) (v >>> 16);
      buf[size++] = (byte) (v >>> 8);
      buf[size++] = (byte) v;
    }

    void writeLong(long v) {
      writeInt((int) (v >>> 32));
      writeInt((int) v);
    }

    void write(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  /**
   * Decodes bytes written by {@link #encode}.
   *
   * @throws IncompatibleFormatException if the bytes are of another version or corrupt
   */
  public static QueryResult decode(byte[] data) {
    if (data == null || data.length < 2 || data[0] != MAGIC) {
      throw new IncompatibleFormatException("not a Runway-encoded query result", null);
    }
    if (data[1] != VERSION) {
      throw new IncompatibleFormatException(
          "query result encoded with format version "
              + data[1]
              + ", this codec reads version "
              + VERSION,
          null);
    }
    // A ByteBuffer rather than a DataInputStream: decoding sits on every cache hit, and the
    // stream's synchronised per-byte reads cost more than the values themselves.
    ByteBuffer in = ByteBuffer.wrap(data, 2, data.length - 2);
    try {
      int n = in.getInt();
      if (n < 0 || n > 100_000) {
        throw new IOException("implausible column count " + n);
      }
      ColumnType[] all = ColumnType.values();
      List<Column> columns = new ArrayList<>(n);
      ColumnType[] types = new ColumnType[n];
      for (int i = 0; i < n; i++) {
        String name = readRequiredString(in, "column name");
        int ordinal = in.get() & 0xff;
        if (ordinal >= all.length) {
          throw new IOException("unknown column type " + ordinal);
        }
        types[i] = all[ordinal];
        columns.add(
            new Column(
                name,
                all[ordinal],
                readRequiredString(in, "column type name"),
                in.getInt(),
                in.getInt()));
      }
      QueryStats stats =
          QueryStats.builder(readRequiredString(in, "engine"))
              .queryId(readString(in))
              .queueTime(Duration.ofNanos(in.getLong()))
              .executionTime(Duration.ofNanos(in.getLong()))
              .rows(in.getLong())
              .bytesScanned(in.getLong())
              .estimatedCostUsd(new BigDecimal(readRequiredString(in, "cost")))
              .build();
      int rowCount = in.getInt();
      if (rowCount < 0) {
        throw new IOException("negative row count");
      }
      ColumnIndex index = new ColumnIndex(columns);
      List<Row> rows = new ArrayList<>(Math.min(rowCount, 1 << 16));
      for (int r = 0; r < rowCount; r++) {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
          values[i] = readValue(in, types[i]);
        }
        rows.add(new Row(index, values));
      }
      if (in.hasRemaining()) {
        throw new IOException(in.remaining() + " trailing bytes");
      }
      return new QueryResult(index, rows, stats);
    } catch (IOException | RuntimeException e) {
      throw new IncompatibleFormatException("corrupt query result: " + e.getMessage(), e);
    }
  }

  private static void writeValue(Out out, ColumnType type, @Nullable Object v, String column) {
    if (v == null) {
      out.writeByte(0);
      return;
    }
    out.writeByte(1);
    try {
      switch (type) {
        case BOOLEAN -> out.writeByte((Boolean) v ? 1 : 0);
        case INTEGER -> out.writeInt(((Number) v).intValue());
        case BIGINT -> out.writeLong(((Number) v).longValue());
        case DECIMAL -> {
          BigDecimal d = (BigDecimal) v;
          out.writeInt(d.scale());
          byte[] unscaled = d.unscaledValue().toByteArray();
          out.writeInt(unscaled.length);
          out.write(unscaled);
        }
        case REAL -> out.writeInt(Float.floatToIntBits((Float) v));
        case DOUBLE -> out.writeLong(Double.doubleToLongBits((Double) v));
        case VARCHAR, OTHER -> writeString(out, (String) v);
        case DATE -> out.writeLong(((LocalDate) v).toEpochDay());
        case TIME -> out.writeLong(((LocalTime) v).toNanoOfDay());
        case TIMESTAMP -> {
          LocalDateTime t = (LocalDateTime) v;
          out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
          out.writeInt(t.getNano());
        }
        case TIMESTAMP_WITH_TIME_ZONE -> {
          Instant t = (Instant) v;
          out.writeLong(t.getEpochSecond());
          out.writeInt(t.getNano());
        }
        case BINARY -> {
          byte[] b = (byte[]) v;
          out.writeInt(b.length);
          out.write(b);
        }
      }
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(
          "column '"
              + column
              + "' is "
              + type
              + " but holds a "
              + v.getClass().getName()
              + "; values must be normalised to "
              + type.javaType().getName(),
          e);
    }
  }

  private static @Nullable Object readValue(ByteBuffer in, ColumnType type) throws IOException {
    if ((in.get() & 0xff) == 0) {
      return null;
    }
    return switch (type) {
      case BOOLEAN -> in.get() != 0;
      case INTEGER -> in.getInt();
      case BIGINT -> in.getLong();
      case DECIMAL -> {
        int scale = in.getInt();
        yield new BigDecimal(new BigInteger(readBytes(in)), scale);
      }
      case REAL -> in.getFloat();
      case DOUBLE -> in.getDouble();
      case VARCHAR, OTHER -> readString(in);
      case DATE -> LocalDate.ofEpochDay(in.getLong());
      case TIME -> LocalTime.ofNanoOfDay(in.getLong());
      case TIMESTAMP -> LocalDateTime.ofEpochSecond(in.getLong(), in.getInt(), ZoneOffset.UTC);
      case TIMESTAMP_WITH_TIME_ZONE -> Instant.ofEpochSecond(in.getLong(), in.getInt());
      case BINARY -> readBytes(in);
    };
  }

  private static void writeString(Out out, @Nullable String s) {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readRequiredString(ByteBuffer in, String what) throws IOException {
    String s = readString(in);
    if (s == null) {
      throw new IOException("no " + what);
    }
    return s;
  }

  private static @Nullable String readString(ByteBuffer in) throws IOException {
    int len = in.getInt();
    if (len == -1) {
      return null;
    }
    checkLength(in, len);
    String s =
        new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.UTF_8);
    in.position(in.position() + len);
    return s;
  }

  private static byte[] readBytes(ByteBuffer in) throws IOException {
    int len = in.getInt();
    checkLength(in, len);
    byte[] b = new byte[len];
    in.get(b);
    return b;
  }

  private static void checkLength(ByteBuffer in, int len) throws EOFException {
    if (len < 0 || len > in.remaining()) {
      throw new EOFException(
          "length " + len + " exceeds the remaining " + in.remaining() + " bytes");
    }
  }
}
