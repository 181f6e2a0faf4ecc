package dev.runway.examples.demo;

import dev.runway.core.query.Column;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.Row;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Prints a {@link QueryResult} as an aligned text table. */
public final class TablePrinter {

  private TablePrinter() {}

  /** Returns the first {@code maxRows} rows of {@code result} as a table. */
  public static String format(QueryResult result, int maxRows) {
    List<Column> cols = result.columns();
    int n = Math.min(maxRows, result.size());
    List<String[]> cells = new ArrayList<>();
    int[] width = new int[cols.size()];
    String[] header = new String[cols.size()];
    for (int c = 0; c < cols.size(); c++) {
      header[c] = cols.get(c).name();
      width[c] = header[c].length();
    }
    for (int r = 0; r < n; r++) {
      Row row = result.row(r);
      String[] line = new String[cols.size()];
      for (int c = 0; c < cols.size(); c++) {
        Object v = row.get(c);
        line[c] =
            v == null ? "NULL" : v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
        width[c] = Math.max(width[c], line[c].length());
      }
      cells.add(line);
    }
    StringBuilder sb = new StringBuilder();
    appendLine(sb, header, width, cols, false);
    StringBuilder rule = new StringBuilder("    ");
    for (int c = 0; c < cols.size(); c++) {
      rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
    }
    sb.append(rule).append('\n');
    for (String[] line : cells) {
      appendLine(sb, line, width, cols, true);
    }
    if (result.size() > n) {
      sb.append("    ... ").append(result.size() - n).append(" more rows\n");
    }
    return sb.toString();
  }

  private static void appendLine(
      StringBuilder sb, String[] values, int[] width, List<Column> cols, boolean alignNumbers) {
    sb.append("    ");
    for (int c = 0; c < values.length; c++) {
      boolean numeric =
          alignNumbers && Number.class.isAssignableFrom(cols.get(c).type().javaType());
      String v = values[c];
      String pad = " ".repeat(width[c] - v.length());
      sb.append(c == 0 ? "" : " | ").append(numeric ? pad + v : v + pad);
    }
    sb.append('\n');
  }
}
