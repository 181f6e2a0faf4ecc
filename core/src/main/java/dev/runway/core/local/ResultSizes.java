package dev.runway.core.local;

import dev.runway.core.query.QueryResult;
import dev.runway.core.query.Row;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Estimates how many bytes of heap a result holds, for the in-process cache's size bound. An
 * estimate from the JVM's usual object layout (compressed references), not a measurement: close
 * enough to keep a cache near its budget, cheap enough to compute on every put.
 */
public final class ResultSizes {

  private ResultSizes() {}

  /** Returns the estimated heap bytes of {@code result}. */
  public static long estimate(QueryResult result) {
    long bytes = 64 + 48L * result.columns().size();
    for (Row row : result.rows()) {
      bytes += 32 + 4L * row.size();
      for (int i = 0; i < row.size(); i++) {
        bytes += estimate(row.get(i));
      }
    }
    return bytes;
  }

  private static long estimate(@Nullable Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof String s) {
      return 40 + s.length(); // compact Latin-1 strings are the common case
    }
    if (v instanceof BigDecimal d) {
      return 40 + d.unscaledValue().bitLength() / 8;
    }
    if (v instanceof byte[] b) {
      return 16 + b.length;
    }
    if (v instanceof Boolean) {
      return 0; // Boolean.TRUE/FALSE are shared
    }
    return 24; // boxed numbers and java.time values
  }
}
