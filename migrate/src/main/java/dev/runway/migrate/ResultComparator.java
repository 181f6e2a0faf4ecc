package dev.runway.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.core.query.Column;
import dev.runway.core.query.QueryResult;
import dev.runway.core.query.Row;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Compares the results of one query on two engines, knowing how engines legitimately differ.
 * Stateless and thread-safe.
 *
 * <p>Columns are matched by lower-cased name. Rows are compared as a multiset unless the query's
 * {@code ORDER BY} fixes their order. Values are equal when they are equal, or when one of these
 * documented rules forgives the difference (each forgiven difference is counted under its rule):
 *
 * <ul>
 *   <li>{@code timestamp-precision}: timestamps equal at the millisecond precision both engines
 *       keep (Redshift keeps microseconds, Athena milliseconds);
 *   <li>{@code decimal-scale}: decimals equal after rescaling to the smaller scale;
 *   <li>{@code float-tolerance}: floating-point values within a relative tolerance (1e-9);
 *   <li>{@code char-padding}: text equal but for trailing blanks (CHAR padding);
 *   <li>{@code boolean-text}: a boolean and its text form ({@code t}, {@code true}, {@code 1});
 *   <li>{@code json-canonical}: JSON text with the same content in another layout or key order.
 * </ul>
 *
 * NULL is never equal to the empty string. Time-zone values are already normalised to instants.
 */
public final class ResultComparator {

  /**
   * The names of the documented rules a difference can be forgiven under, as reports and meters
   * count them.
   */
  public static final List<String> RULES =
      List.of(
          "timestamp-precision",
          "decimal-scale",
          "float-tolerance",
          "boolean-text",
          "char-padding",
          "json-canonical");

  private static final Pattern ORDER_BY =
      Pattern.compile("\\border\\s+by\\b", Pattern.CASE_INSENSITIVE);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double FLOAT_TOLERANCE = 1e-9;

  /**
   * One difference that no rule forgave.
   *
   * @param row the row position (in the primary's order, or -1 for a row count or column
   *     difference)
   * @param column the column name, or null
   * @param primary the primary's value (or description)
   * @param candidate the candidate's value (or description)
   */
  public record Difference(int row, @Nullable String column, String primary, String candidate) {}

  /**
   * The outcome of a comparison.
   *
   * @param matches whether no difference remained after the rules
   * @param differences the differences no rule forgave (at most 20 are kept)
   * @param differenceCount how many unforgiven differences there were in all
   * @param forgiven how many differences each rule forgave
   */
  public record Comparison(
      boolean matches,
      List<Difference> differences,
      int differenceCount,
      Map<String, Integer> forgiven) {}

  /** Compares two results of the query {@code sql}. */
  public Comparison compare(String sql, QueryResult primary, QueryResult candidate) {
    Map<String, Integer> forgiven = new TreeMap<>();
    List<Difference> diffs = new ArrayList<>();
    int[] count = {0};
    List<String> pCols = names(primary.columns());
    List<String> cCols = names(candidate.columns());
    if (!new HashSet<>(pCols).equals(new HashSet<>(cCols))) {
      add(diffs, count, new Difference(-1, null, "columns " + pCols, "columns " + cCols));
      return new Comparison(false, diffs, count[0], forgiven);
    }
    int[] map = new int[pCols.size()];
    for (int i = 0; i < pCols.size(); i++) {
      map[i] = cCols.indexOf(pCols.get(i));
    }
    List<Row> pRows = primary.rows();
    List<Row> cRows = candidate.rows();
    if (pRows.size() != cRows.size()) {
      add(diffs, count, new Difference(-1, null, pRows.size() + " rows", cRows.size() + " rows"));
    }
    boolean ordered = ORDER_BY.matcher(sql).find();
    if (ordered) {
      for (int r = 0; r < Math.min(pRows.size(), cRows.size()); r++) {
        compareRow(r, pRows.get(r), cRows.get(r), map, pCols, forgiven, diffs, count);
      }
    } else {
      // multiset: pair each primary row with an unused candidate row that matches under the rules
      boolean[] used = new boolean[cRows.size()];
      for (int r = 0; r < pRows.size(); r++) {
        int match = -1;
        for (int c = 0; c < cRows.size() && match < 0; c++) {
          if (!used[c] && rowEquals(pRows.get(r), cRows.get(c), map, new HashMap<>())) {
            match = c;
          }
        }
        if (match >= 0) {
          used[match] = true;
          rowEquals(pRows.get(r), cRows.get(match), map, forgiven); // count the rules it needed
        } else {
          add(diffs, count, new Difference(r, null, "row " + pRows.get(r), "no matching row"));
        }
      }
      for (int c = 0; c < cRows.size(); c++) {
        if (!used[c]) {
          add(diffs, count, new Difference(-1, null, "no matching row", "row " + cRows.get(c)));
        }
      }
    }
    return new Comparison(count[0] == 0, List.copyOf(diffs), count[0], Map.copyOf(forgiven));
  }

  private static void add(List<Difference> diffs, int[] count, Difference d) {
    count[0]++;
    if (diffs.size() < 20) {
      diffs.add(d);
    }
  }

  private static List<String> names(List<Column> columns) {
    List<String> out = new ArrayList<>();
    for (Column c : columns) {
      out.add(c.name().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private void compareRow(
      int r,
      Row p,
      Row c,
      int[] map,
      List<String> cols,
      Map<String, Integer> forgiven,
      List<Difference> diffs,
      int[] count) {
    for (int i = 0; i < map.length; i++) {
      String rule = equalUnder(p.get(i), c.get(map[i]));
      if (rule == null) {
        add(
            diffs,
            count,
            new Difference(
                r, cols.get(i), String.valueOf(p.get(i)), String.valueOf(c.get(map[i]))));
      } else if (!rule.isEmpty()) {
        forgiven.merge(rule, 1, Integer::sum);
      }
    }
  }

  private boolean rowEquals(Row p, Row c, int[] map, Map<String, Integer> forgiven) {
    Map<String, Integer> local = new HashMap<>();
    for (int i = 0; i < map.length; i++) {
      String rule = equalUnder(p.get(i), c.get(map[i]));
      if (rule == null) {
        return false;
      }
      if (!rule.isEmpty()) {
        local.merge(rule, 1, Integer::sum);
      }
    }
    local.forEach((k, v) -> forgiven.merge(k, v, Integer::sum));
    return true;
  }

  /** Returns "" if equal, a rule name if a rule forgives the difference, null if they differ. */
  static @Nullable String equalUnder(@Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == b ? "" : null; // NULL is never ''
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y) ? "" : null;
    }
    if (a.equals(b)) {
      return "";
    }
    if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
      return x.truncatedTo(ChronoUnit.MILLIS).equals(y.truncatedTo(ChronoUnit.MILLIS))
          ? "timestamp-precision"
          : null;
    }
    if (a instanceof Instant x && b instanceof Instant y) {
      return x.truncatedTo(ChronoUnit.MILLIS).equals(y.truncatedTo(ChronoUnit.MILLIS))
          ? "timestamp-precision"
          : null;
    }
    if (a instanceof LocalTime x && b instanceof LocalTime y) {
      return x.truncatedTo(ChronoUnit.MILLIS).equals(y.truncatedTo(ChronoUnit.MILLIS))
          ? "timestamp-precision"
          : null;
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      int scale = Math.min(x.scale(), y.scale());
      return x.setScale(scale, RoundingMode.HALF_UP)
                  .compareTo(y.setScale(scale, RoundingMode.HALF_UP))
              == 0
          ? "decimal-scale"
          : null;
    }
    if ((a instanceof Double || a instanceof Float)
        || (b instanceof Double || b instanceof Float)) {
      if (a instanceof Number x && b instanceof Number y) {
        double dx = x.doubleValue();
        double dy = y.doubleValue();
        double scale = Math.max(Math.abs(dx), Math.abs(dy));
        return Math.abs(dx - dy) <= FLOAT_TOLERANCE * Math.max(scale, 1e-300)
            ? "float-tolerance"
            : null;
      }
      return null;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0
          ? "decimal-scale"
          : null;
    }
    if (a instanceof Boolean x && b instanceof String y) {
      return x.equals(parseBoolean(y)) ? "boolean-text" : null;
    }
    if (a instanceof String x && b instanceof Boolean y) {
      return y.equals(parseBoolean(x)) ? "boolean-text" : null;
    }
    if (a instanceof String x && b instanceof String y) {
      if (x.stripTrailing().equals(y.stripTrailing()) && !x.isEmpty() && !y.isEmpty()) {
        return "char-padding";
      }
      if (looksLikeJson(x) && looksLikeJson(y)) {
        JsonNode jx = parse(x);
        JsonNode jy = parse(y);
        return jx != null && jx.equals(jy) ? "json-canonical" : null;
      }
    }
    return null;
  }

  private static @Nullable Boolean parseBoolean(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "t", "true", "1", "y", "yes" -> Boolean.TRUE;
      case "f", "false", "0", "n", "no" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static boolean looksLikeJson(String s) {
    String t = s.trim();
    return (t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"));
  }

  private static @Nullable JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "ResultComparator";
  }

  /** Returns whether two values are equal, exactly or under one of the rules. */
  public static boolean equivalent(Object a, Object b) {
    return equalUnder(a, b) != null;
  }
}
