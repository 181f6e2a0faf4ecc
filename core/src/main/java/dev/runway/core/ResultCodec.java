package dev.runway.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Serialises a {@link QueryResult} to a compact binary form and back, for shared caches.
 *
 * <p>Layout: a magic byte {@code 'R'}, a format version byte, the columns, the stats, then the rows
 * with one presence byte and a type-specific encoding per value (integers as fixed-width, decimals
 * as scale + unscaled bytes, dates as epoch days, timestamps as seconds + nanos, text as UTF-8).
 * A reader refuses bytes of another version with {@link IncompatibleFormatException}, which a
 * cache treats as a miss; so a rolling deployment of a new format never fails a request.
 * Stateless and thread-safe.
 */
public final class ResultCodec {

  /** The format version this codec writes and reads. */
  public static final int VERSION = 1;

  private static final int MAGIC = 'R';

  private ResultCodec() {}

  /** Thrown when bytes are not a result of this codec's version. */
  public static final class IncompatibleFormatException extends RunwayException {
    private static final long serialVersionUID = 1L;

    IncompatibleFormatException(String message, Throwable cause) {
      super(message, ErrorCategory.INTERNAL, null, cause);
    }
  }

  /** Encodes a result. */
  public static byte[] encode(QueryResult result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + result.size() * 32);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
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
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
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
      throw new IncompatibleFormatException("query result encoded with format version " + data[1]
          + ", this codec reads version " + VERSION, null);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 2, data.length - 2))) {
      int n = in.readInt();
      if (n < 0 || n > 100_000) {
        throw new IOException("implausible column count " + n);
      }
      ColumnType[] all = ColumnType.values();
      List<Column> columns = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String name = readString(in);
        int ordinal = in.readUnsignedByte();
        if (ordinal >= all.length) {
          throw new IOException("unknown column type " + ordinal);
        }
        columns.add(new Column(name, all[ordinal], readString(in), in.readInt(), in.readInt()));
      }
      QueryStats stats = QueryStats.builder(readString(in))
          .queryId(readString(in))
          .queueTime(Duration.ofNanos(in.readLong()))
          .executionTime(Duration.ofNanos(in.readLong()))
          .rows(in.readLong())
          .bytesScanned(in.readLong())
          .estimatedCostUsd(new BigDecimal(readString(in)))
          .build();
      int rowCount = in.readInt();
      if (rowCount < 0) {
        throw new IOException("negative row count");
      }
      ColumnIndex index = new ColumnIndex(columns);
      List<Row> rows = new ArrayList<>(Math.min(rowCount, 1 << 16));
      for (int r = 0; r < rowCount; r++) {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
          values[i] = readValue(in, columns.get(i).type());
        }
        rows.add(new Row(index, values));
      }
      if (in.available() > 0) {
        throw new IOException(in.available() + " trailing bytes");
      }
      return new QueryResult(index, rows, stats);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IncompatibleFormatException ife) {
        throw ife;
      }
      throw new IncompatibleFormatException("corrupt query result: " + e.getMessage(), e);
    }
  }

  private static void writeValue(DataOutputStream out, ColumnType type, Object v, String column)
      throws IOException {
    if (v == null) {
      out.writeByte(0);
      return;
    }
    out.writeByte(1);
    try {
      switch (type) {
        case BOOLEAN -> out.writeBoolean((Boolean) v);
        case INTEGER -> out.writeInt(((Number) v).intValue());
        case BIGINT -> out.writeLong(((Number) v).longValue());
        case DECIMAL -> {
          BigDecimal d = (BigDecimal) v;
          out.writeInt(d.scale());
          byte[] unscaled = d.unscaledValue().toByteArray();
          out.writeInt(unscaled.length);
          out.write(unscaled);
        }
        case REAL -> out.writeFloat((Float) v);
        case DOUBLE -> out.writeDouble((Double) v);
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
      throw new IllegalArgumentException("column '" + column + "' is " + type + " but holds a "
          + v.getClass().getName() + "; values must be normalised to " + type.javaType().getName(), e);
    }
  }

  private static Object readValue(DataInputStream in, ColumnType type) throws IOException {
    if (in.readUnsignedByte() == 0) {
      return null;
    }
    return switch (type) {
      case BOOLEAN -> in.readBoolean();
      case INTEGER -> in.readInt();
      case BIGINT -> in.readLong();
      case DECIMAL -> {
        int scale = in.readInt();
        yield new BigDecimal(new BigInteger(readBytes(in)), scale);
      }
      case REAL -> in.readFloat();
      case DOUBLE -> in.readDouble();
      case VARCHAR, OTHER -> readString(in);
      case DATE -> LocalDate.ofEpochDay(in.readLong());
      case TIME -> LocalTime.ofNanoOfDay(in.readLong());
      case TIMESTAMP -> LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
      case TIMESTAMP_WITH_TIME_ZONE -> Instant.ofEpochSecond(in.readLong(), in.readInt());
      case BINARY -> readBytes(in);
    };
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len == -1) {
      return null;
    }
    return new String(readBytes(in, len), StandardCharsets.UTF_8);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    return readBytes(in, in.readInt());
  }

  private static byte[] readBytes(DataInputStream in, int len) throws IOException {
    if (len < 0 || len > in.available()) {
      throw new EOFException("length " + len + " exceeds the remaining " + in.available() + " bytes");
    }
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }
}
