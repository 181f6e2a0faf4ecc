package dev.runway.sql;

import dev.runway.sql.SqlTokens.Token;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules for a query written for Athena (Trino) that is to run on Redshift: Trino functions,
 * type names and JSON access Redshift spells differently.
 */
final class AthenaToRedshiftRules {

  private AthenaToRedshiftRules() {}

  private static final Map<String, String> REDSHIFT_TYPES =
      Map.of("DOUBLE", "DOUBLE PRECISION", "TINYINT", "SMALLINT", "VARBINARY", "VARBYTE");

  static void apply(RuleContext c) {
    c.call(
        "DATE_ADD",
        "date_add",
        "date_add with a unit string is Trino's; Redshift has DATEADD",
        "DATEADD(unit, n, timestamp)",
        args ->
            args.size() == 3
                    && RedshiftToAthenaRules.datePart(args.get(0)) != null
                    && args.get(0).trim().startsWith("'")
                ? "DATEADD("
                    + RedshiftToAthenaRules.datePart(args.get(0))
                    + ", "
                    + args.get(1)
                    + ", "
                    + args.get(2)
                    + ")"
                : null);
    c.call(
        "DATE_DIFF",
        "date_diff",
        "date_diff is Trino's, and Redshift's DATEDIFF counts unit boundaries "
            + "crossed, not whole units elapsed",
        "DATEDIFF(unit, a, b) on values truncated to the unit",
        args -> null);
    c.call(
        "DATE_FORMAT",
        "date_format",
        "date_format is Trino's (MySQL-style patterns); Redshift has TO_CHAR",
        "TO_CHAR(ts, 'YYYY-MM-DD') for date_format(ts, '%Y-%m-%d')",
        args -> null);
    c.call(
        "APPROX_DISTINCT",
        "approx_distinct",
        "approx_distinct is Trino's; Redshift's HyperLogLog count is "
            + "APPROXIMATE COUNT(DISTINCT ...)",
        "APPROXIMATE COUNT(DISTINCT x)",
        args -> args.size() == 1 ? "APPROXIMATE COUNT(DISTINCT " + args.get(0) + ")" : null);
    c.call(
        "APPROX_PERCENTILE",
        "approx_percentile",
        "approx_percentile is Trino's; Redshift's approximation " + "uses another algorithm",
        "APPROXIMATE PERCENTILE_DISC(p) WITHIN GROUP (ORDER BY x)",
        args -> null);
    c.call(
        "REGEXP_LIKE",
        "regexp_like",
        "regexp_like is Trino's; Redshift matches with the POSIX ~ operator",
        "(string ~ pattern)",
        args -> args.size() == 2 ? "(" + args.get(0) + " ~ " + args.get(1) + ")" : null);
    c.call(
        "FROM_UNIXTIME",
        "from_unixtime",
        "from_unixtime is Trino's",
        "TIMESTAMP 'epoch' + n * INTERVAL '1 second'",
        args ->
            args.size() == 1
                ? "(TIMESTAMP 'epoch' + (" + args.get(0) + ") * INTERVAL '1 second')"
                : null);
    c.call(
        "TO_UNIXTIME",
        "to_unixtime",
        "to_unixtime is Trino's",
        "EXTRACT(EPOCH FROM ts)",
        args -> args.size() == 1 ? "EXTRACT(EPOCH FROM " + args.get(0) + ")" : null);
    c.call(
        "JSON_EXTRACT_SCALAR",
        "json_extract_scalar",
        "json_extract_scalar is Trino's; Redshift has "
            + "JSON_EXTRACT_PATH_TEXT with one argument per path element",
        "JSON_EXTRACT_PATH_TEXT(json, 'a', 'b')",
        args -> args.size() == 2 ? jsonPath(args.get(0), args.get(1)) : null);
    for (String array :
        List.of(
            "ARRAY_AGG",
            "ARRAY_JOIN",
            "CARDINALITY",
            "ELEMENT_AT",
            "CONTAINS",
            "TRANSFORM",
            "FILTER",
            "REDUCE",
            "SEQUENCE",
            "ZIP",
            "MAP_KEYS",
            "MAP_VALUES")) {
      c.call(
          array,
          "arrays",
          array.toLowerCase(Locale.ROOT)
              + " works on Trino arrays or maps; Redshift has "
              + "SUPER values navigated with PartiQL instead",
          "LISTAGG for array_join(array_agg(x), sep); PartiQL " + "over SUPER for the rest",
          args -> null);
    }
    c.call(
        "UNNEST",
        "unnest",
        "UNNEST is Trino's; Redshift unnests SUPER arrays with PartiQL",
        "FROM t, t.array_column AS x (the column as SUPER)",
        args -> null);
    if (c.facts.tryCasts > 0) {
      for (Token tk : c.tokens.all()) {
        if (tk.is("TRY_CAST")) {
          c.add(
              "try_cast",
              new Finding.Span(tk.start(), tk.end()),
              "TRY_CAST is Trino's; Redshift's CAST fails on " + "a bad value",
              "CASE WHEN x ~ '^-?[0-9]+$' THEN CAST(x AS INTEGER) END (a pattern for the type)",
              null);
        }
      }
    }
    if (c.facts.lambdas > 0) {
      for (Token tk : c.tokens.all()) {
        if (tk.is("->")) {
          c.add(
              "lambda",
              new Finding.Span(tk.start(), tk.end()),
              "lambda expressions are Trino's; Redshift has none",
              "a join or a SQL expression over the unnested values",
              null);
        }
      }
    }
    integerAverages(c);
    DialectRules.typeNames(c, REDSHIFT_TYPES, "Redshift");
  }

  /** AVG of an integer expression is an integer on Redshift (truncated), a double on Trino. */
  static void integerAverages(RuleContext c) {
    if (!c.facts.integerAverages.contains(Boolean.TRUE)) {
      return;
    }
    List<Token> t = c.tokens.all();
    int k = 0;
    for (int i = 0; i + 1 < t.size() && k < c.facts.integerAverages.size(); i++) {
      if (t.get(i).kind() == SqlTokens.Kind.WORD
          && t.get(i).upper().equals("AVG")
          && t.get(i + 1).is("(")) {
        int close = c.tokens.closing(i + 1);
        if (c.facts.integerAverages.get(k++) && close > 0) {
          String arg = c.tokens.sql().substring(t.get(i + 1).end(), t.get(close).start()).trim();
          c.add(
              "avg-integer",
              new Finding.Span(t.get(i).start(), t.get(close).end()),
              "AVG of an integer "
                  + "expression is an integer on Redshift (the average truncated: an on-time rate of 0 or 1), a double "
                  + "on Athena",
              "AVG(CAST(x AS DOUBLE PRECISION)), or THEN 1.0 ELSE 0.0 in the CASE",
              "AVG(CAST(" + arg + " AS DOUBLE PRECISION))");
        }
      }
    }
  }

  static String jsonPath(String json, String path) {
    String p = path.trim();
    if (!p.matches("'\\$(\\.[A-Za-z_][A-Za-z0-9_]*)+'")) {
      return null;
    }
    StringBuilder out = new StringBuilder("JSON_EXTRACT_PATH_TEXT(").append(json);
    for (String part : p.substring(3, p.length() - 1).split("\\.")) {
      out.append(", '").append(part).append('\'');
    }
    return out.append(')').toString();
  }
}
