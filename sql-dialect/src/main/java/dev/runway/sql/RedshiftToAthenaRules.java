package dev.runway.sql;

import dev.runway.sql.SqlTokens.Kind;
import dev.runway.sql.SqlTokens.Token;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules for a query written for Redshift (PostgreSQL-derived) that is to run on Athena (Trino):
 * functions Athena lacks or that count differently, PostgreSQL operators and type names, TOP,
 * ILIKE, regular-expression operators and integer date arithmetic.
 */
final class RedshiftToAthenaRules {

  private RedshiftToAthenaRules() {}

  private static final Map<String, String> DATE_PARTS =
      Map.ofEntries(
          Map.entry("YEAR", "year"),
          Map.entry("YEARS", "year"),
          Map.entry("Y", "year"),
          Map.entry("YR", "year"),
          Map.entry("YRS", "year"),
          Map.entry("QUARTER", "quarter"),
          Map.entry("QUARTERS", "quarter"),
          Map.entry("QTR", "quarter"),
          Map.entry("QTRS", "quarter"),
          Map.entry("MONTH", "month"),
          Map.entry("MONTHS", "month"),
          Map.entry("MON", "month"),
          Map.entry("MONS", "month"),
          Map.entry("WEEK", "week"),
          Map.entry("WEEKS", "week"),
          Map.entry("W", "week"),
          Map.entry("DAY", "day"),
          Map.entry("DAYS", "day"),
          Map.entry("D", "day"),
          Map.entry("HOUR", "hour"),
          Map.entry("HOURS", "hour"),
          Map.entry("H", "hour"),
          Map.entry("HR", "hour"),
          Map.entry("HRS", "hour"),
          Map.entry("MINUTE", "minute"),
          Map.entry("MINUTES", "minute"),
          Map.entry("M", "minute"),
          Map.entry("MIN", "minute"),
          Map.entry("MINS", "minute"),
          Map.entry("SECOND", "second"),
          Map.entry("SECONDS", "second"),
          Map.entry("S", "second"),
          Map.entry("SEC", "second"),
          Map.entry("SECS", "second"),
          Map.entry("MILLISECOND", "millisecond"),
          Map.entry("MILLISECONDS", "millisecond"),
          Map.entry("MS", "millisecond"));

  /** Redshift/PostgreSQL type names Trino does not know, and Trino's name for each. */
  private static final Map<String, String> TRINO_TYPES =
      Map.ofEntries(
          Map.entry("INT2", "smallint"),
          Map.entry("INT4", "integer"),
          Map.entry("INT8", "bigint"),
          Map.entry("FLOAT4", "real"),
          Map.entry("FLOAT8", "double"),
          Map.entry("FLOAT", "double"),
          Map.entry("DOUBLE PRECISION", "double"),
          Map.entry("TEXT", "varchar"),
          Map.entry("BPCHAR", "char"),
          Map.entry("CHARACTER VARYING", "varchar"),
          Map.entry("BOOL", "boolean"),
          Map.entry("NUMERIC", "decimal"),
          Map.entry("TIMESTAMPTZ", "timestamp with time zone"),
          Map.entry("TIMESTAMP WITHOUT TIME ZONE", "timestamp"));

  static void apply(RuleContext c) {
    // functions with a safe rewrite
    c.call(
        "GETDATE",
        "getdate",
        "GETDATE() does not exist in Athena",
        "localtimestamp (the current timestamp without time zone, as GETDATE returns)",
        args -> args.isEmpty() ? "localtimestamp" : null);
    c.call(
        "NVL",
        "nvl",
        "NVL does not exist in Athena",
        "coalesce(a, b)",
        args -> "coalesce(" + String.join(", ", args) + ")");
    c.call(
        "NVL2",
        "nvl2",
        "NVL2 does not exist in Athena",
        "CASE WHEN a IS NOT NULL THEN b ELSE c END",
        args ->
            args.size() == 3
                ? "CASE WHEN "
                    + args.get(0)
                    + " IS NOT NULL THEN "
                    + args.get(1)
                    + " ELSE "
                    + args.get(2)
                    + " END"
                : null);
    c.call(
        "LEN",
        "len",
        "LEN does not exist in Athena",
        "length(s)",
        args -> args.size() == 1 ? "length(" + args.get(0) + ")" : null);
    c.call(
        "CHARINDEX",
        "charindex",
        "CHARINDEX does not exist in Athena; strpos takes its arguments the other way round",
        "strpos(string, substring)",
        args -> args.size() == 2 ? "strpos(" + args.get(1) + ", " + args.get(0) + ")" : null);
    c.call(
        "DATEADD",
        "dateadd",
        "DATEADD does not exist in Athena; date_add takes the unit as a string",
        "date_add('unit', n, timestamp)",
        args ->
            args.size() == 3 && datePart(args.get(0)) != null
                ? "date_add('"
                    + datePart(args.get(0))
                    + "', "
                    + args.get(1)
                    + ", "
                    + args.get(2)
                    + ")"
                : null);
    c.call(
        "DATE_PART",
        "date_part",
        "DATE_PART does not exist in Athena",
        "extract(unit FROM timestamp)",
        args ->
            args.size() == 2 && extractable(datePart(args.get(0)))
                ? "extract(" + datePart(args.get(0)) + " FROM " + args.get(1) + ")"
                : null);
    c.call(
        "DATEPART",
        "date_part",
        "DATEPART does not exist in Athena",
        "extract(unit FROM timestamp)",
        args ->
            args.size() == 2 && extractable(datePart(args.get(0)))
                ? "extract(" + datePart(args.get(0)) + " FROM " + args.get(1) + ")"
                : null);
    // functions that differ in meaning: suggestion only
    c.call(
        "DATEDIFF",
        "datediff",
        "DATEDIFF does not exist in Athena, and date_diff counts differently: "
            + "Redshift counts the unit boundaries crossed (DATEDIFF(day, '2026-01-01 23:59', '2026-01-02 00:01') is 1), "
            + "Trino the whole units elapsed (0)",
        "date_diff('unit', a, b) on values truncated to the unit, e.g. date_diff('day', CAST(a AS date), CAST(b AS date))",
        args -> null);
    c.call(
        "ADD_MONTHS",
        "add_months",
        "ADD_MONTHS does not exist in Athena, and date_add differs at month ends: "
            + "Redshift maps the last day of a month to the last day of the result month (2024-02-29 + 1 = 2024-03-31), "
            + "Trino keeps the day (2024-03-29)",
        "date_add('month', n, date), checking month-end dates",
        args -> null);
    c.call(
        "DECODE",
        "decode",
        "DECODE does not exist in Athena, and a CASE does not match NULL to NULL as DECODE does",
        "CASE expr WHEN v1 THEN r1 ... ELSE default END, with an explicit WHEN expr IS NULL branch if NULLs occur",
        args -> null);
    c.call(
        "LISTAGG",
        "listagg",
        "LISTAGG ... WITHIN GROUP is missing from Athena's older engine versions and "
            + "fails on overflow differently",
        "array_join(array_agg(x ORDER BY ...), separator)",
        args -> null);
    c.call(
        "MEDIAN",
        "median",
        "MEDIAN does not exist in Athena; approx_percentile is approximate and does not "
            + "interpolate between the two middle values",
        "approx_percentile(x, 0.5)",
        args -> null);
    c.call(
        "CONVERT_TIMEZONE",
        "convert_timezone",
        "CONVERT_TIMEZONE does not exist in Athena; AT TIME ZONE "
            + "returns a timestamp with time zone",
        "with_timezone(ts, 'from') AT TIME ZONE 'to'",
        args -> null);
    c.call(
        "TO_CHAR",
        "to_char",
        "TO_CHAR does not exist in Athena; date_format uses MySQL-style patterns",
        "date_format(ts, '%Y-%m-%d') for TO_CHAR(ts, 'YYYY-MM-DD')",
        args -> null);
    // keywords and operators
    for (Finding.Span s : c.bareWords("SYSDATE", c.facts.bareWords.getOrDefault("SYSDATE", 0))) {
      c.add("sysdate", s, "SYSDATE does not exist in Athena", "localtimestamp", "localtimestamp");
    }
    DialectRules.castOperators(c, TRINO_TYPES);
    DialectRules.typeNames(c, TRINO_TYPES, "Athena");
    top(c);
    ilike(c);
    regexOperators(c);
    dateIntegerArithmetic(c);
    dateSubtraction(c);
  }

  static String datePart(String arg) {
    String a = arg.trim();
    if (a.length() >= 2 && a.startsWith("'") && a.endsWith("'")) {
      a = a.substring(1, a.length() - 1);
    }
    return DATE_PARTS.get(a.toUpperCase(Locale.ROOT));
  }

  static boolean extractable(String part) {
    return part != null
        && List.of("year", "quarter", "month", "day", "hour", "minute", "second").contains(part);
  }

  static void top(RuleContext c) {
    if (c.facts.tops == 0) {
      return;
    }
    List<Token> t = c.tokens.all();
    for (int i = 0; i + 1 < t.size(); i++) {
      if (!t.get(i).is("TOP")
          || i == 0
          || !(t.get(i - 1).is("SELECT") || t.get(i - 1).is("DISTINCT"))) {
        continue;
      }
      Token n = t.get(i + 1);
      String replacement = null;
      boolean onlyTopLevelSelect =
          c.facts.tops == 1 && !c.facts.limit && countWord(t, "SELECT") == 1;
      if (onlyTopLevelSelect && n.kind() == Kind.NUMBER) {
        String sql = c.tokens.sql();
        int end = DialectRules.statementEnd(c.tokens);
        // remove "TOP n", append "LIMIT n": done as one replacement of the span up to the end
        replacement = sql.substring(n.end(), end).stripLeading() + "\nLIMIT " + n.text();
        c.add(
            "top",
            new Finding.Span(t.get(i).start(), end),
            "TOP n is not Athena syntax",
            "LIMIT n at the end",
            replacement);
        continue;
      }
      c.add(
          "top",
          new Finding.Span(t.get(i).start(), n.end()),
          "TOP n is not Athena syntax",
          "LIMIT n at the end of the SELECT",
          null);
    }
  }

  static int countWord(List<Token> t, String word) {
    return (int) t.stream().filter(x -> x.is(word)).count();
  }

  static void ilike(RuleContext c) {
    if (c.facts.ilikes == 0) {
      return;
    }
    List<Token> t = c.tokens.all();
    for (int i = 1; i + 1 < t.size(); i++) {
      if (!t.get(i).is("ILIKE")) {
        continue;
      }
      boolean not = t.get(i - 1).is("NOT");
      int leftEnd = not ? i - 2 : i - 1;
      int leftStart = DialectRules.operandStart(c.tokens, leftEnd);
      int rightEnd = DialectRules.operandEnd(c.tokens, i + 1);
      String replacement = null;
      int start = t.get(i).start();
      int end = t.get(i).end();
      if (leftStart >= 0 && rightEnd >= 0) {
        String sql = c.tokens.sql();
        String left = sql.substring(t.get(leftStart).start(), t.get(leftEnd).end());
        String right = sql.substring(t.get(i + 1).start(), t.get(rightEnd).end());
        replacement = "lower(" + left + ")" + (not ? " NOT" : "") + " LIKE lower(" + right + ")";
        start = t.get(leftStart).start();
        end = t.get(rightEnd).end();
      }
      c.add(
          "ilike",
          new Finding.Span(start, end),
          "ILIKE is not Athena syntax",
          "lower(a) LIKE lower(b)",
          replacement);
    }
  }

  static void regexOperators(RuleContext c) {
    if (c.facts.regexOperators == 0) {
      return;
    }
    List<Token> t = c.tokens.all();
    for (int i = 1; i + 1 < t.size(); i++) {
      Token op = t.get(i);
      if (op.kind() != Kind.OP || !List.of("~", "~*", "!~", "!~*").contains(op.text())) {
        continue;
      }
      int leftStart = DialectRules.operandStart(c.tokens, i - 1);
      int rightEnd = DialectRules.operandEnd(c.tokens, i + 1);
      String replacement = null;
      int start = op.start();
      int end = op.end();
      if (leftStart >= 0 && rightEnd >= 0) {
        String sql = c.tokens.sql();
        String left = sql.substring(t.get(leftStart).start(), t.get(i - 1).end());
        String right = sql.substring(t.get(i + 1).start(), t.get(rightEnd).end());
        boolean insensitive = op.text().endsWith("*");
        if (insensitive && t.get(i + 1).kind() == Kind.STRING && rightEnd == i + 1) {
          right = "'(?i)" + right.substring(1);
        } else if (insensitive) {
          right = null;
        }
        if (right != null) {
          replacement =
              (op.text().startsWith("!") ? "NOT " : "")
                  + "regexp_like("
                  + left
                  + ", "
                  + right
                  + ")";
          start = t.get(leftStart).start();
          end = t.get(rightEnd).end();
        }
      }
      c.add(
          "regex-operator",
          new Finding.Span(start, end),
          "the POSIX " + op.text() + " operator is not Athena syntax",
          "regexp_like(string, pattern)",
          replacement);
    }
  }

  /** date - date is a number of days on Redshift (and PostgreSQL, DuckDB), an interval on Trino. */
  static void dateSubtraction(RuleContext c) {
    List<Token> t = c.tokens.all();
    for (String[] pair : c.facts.dateSubtractions) {
      for (int i = 1; i + 1 < t.size(); i++) {
        if (t.get(i).is("-")
            && t.get(i - 1).text().equalsIgnoreCase(pair[0])
            && t.get(i + 1).text().equalsIgnoreCase(pair[1])) {
          c.add(
              "date-subtraction",
              new Finding.Span(t.get(i - 1).start(), t.get(i + 1).end()),
              "date - date is a number of days on Redshift, an interval day to second on Athena (so AVG, ROUND "
                  + "or a comparison with a number fails)",
              "date_diff('day', b, a) for a - b",
              null);
          break;
        }
      }
    }
  }

  static void dateIntegerArithmetic(RuleContext c) {
    if (c.facts.dateIntegerArithmetic == 0) {
      return;
    }
    List<Token> t = c.tokens.all();
    for (int i = 0; i + 2 < t.size(); i++) {
      if (t.get(i).is("CURRENT_DATE")
          && (t.get(i + 1).is("-") || t.get(i + 1).is("+"))
          && t.get(i + 2).kind() == Kind.NUMBER
          && t.get(i + 2).text().matches("\\d+")) {
        String replacement =
            "CURRENT_DATE " + t.get(i + 1).text() + " INTERVAL '" + t.get(i + 2).text() + "' DAY";
        c.add(
            "date-integer-arithmetic",
            new Finding.Span(t.get(i).start(), t.get(i + 2).end()),
            "date +/- integer days is PostgreSQL arithmetic; Athena needs an interval",
            "CURRENT_DATE - INTERVAL 'n' DAY",
            replacement);
      }
    }
  }
}
