package dev.runway.sql;

import dev.runway.migrate.DialectCheck;
import dev.runway.sql.SqlTokens.Kind;
import dev.runway.sql.SqlTokens.Token;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import net.sf.jsqlparser.JSQLParserException;

/**
 * Checks queries written for one engine against another: Redshift (PostgreSQL-derived) to Athena
 * (Trino), or back. Each query is parsed with JSqlParser, a maintained SQL parser whose grammar
 * covers both dialects (so a query is checked as the syntax tree says it is, not as a pattern
 * guesses: a {@code NVL} in a string or a comment, or a column named {@code len}, is not a call);
 * the tokens of the text then give each finding its line and column and the source of its
 * arguments. Every finding names its rule, what differs and the rewrite; a rewrite that gives the
 * same answer for every input is also applied by {@link Result#rewritten()}. Thread-safe.
 *
 * <p>Rules Redshift -> Athena: {@code getdate}, {@code sysdate}, {@code dateadd}, {@code datediff},
 * {@code add_months}, {@code nvl}, {@code nvl2}, {@code decode}, {@code listagg}, {@code median},
 * {@code cast-operator}, {@code type-name}, {@code top}, {@code ilike}, {@code regex-operator},
 * {@code len}, {@code charindex}, {@code convert_timezone}, {@code date_part}, {@code to_char},
 * {@code date-integer-arithmetic}, {@code backtick}. Athena -> Redshift: {@code date_add},
 * {@code date_diff}, {@code date_format}, {@code approx_distinct}, {@code approx_percentile},
 * {@code try_cast}, {@code regexp_like}, {@code arrays}, {@code unnest}, {@code lambda},
 * {@code from_unixtime}, {@code to_unixtime}, {@code json_extract_scalar}, {@code type-name},
 * {@code backtick}. Integer division, {@code date_trunc}, {@code strpos}, {@code split_part},
 * {@code coalesce} and {@code LIMIT}/{@code OFFSET} behave alike on both and are not reported.
 */
public final class SqlDialectChecker implements DialectCheck {

  /**
   * A checked query.
   *
   * @param findings what the target engine lacks or treats differently, in text order
   * @param parseError the parser's message when the query is not valid SQL (then no other finding)
   * @param rewritten the query with every safe rewrite applied
   */
  public record Result(List<Finding> findings, Optional<String> parseError, String rewritten) {

    /** Returns whether the query runs on the target engine as it is. */
    public boolean compatible() {
      return findings.isEmpty() && parseError.isEmpty();
    }
  }

  private final Dialect from;
  private final Dialect to;

  private SqlDialectChecker(Dialect from, Dialect to) {
    this.from = Objects.requireNonNull(from, "from");
    this.to = Objects.requireNonNull(to, "to");
    if (from == to) {
      throw new IllegalArgumentException("from and to are both " + from + "; nothing to check");
    }
  }

  /** Returns a checker for queries written for {@code from} that are to run on {@code to}. */
  public static SqlDialectChecker between(Dialect from, Dialect to) {
    return new SqlDialectChecker(from, to);
  }

  /** Returns the source dialect. */
  public Dialect from() {
    return from;
  }

  /** Returns the target dialect. */
  public Dialect to() {
    return to;
  }

  /** Checks one statement (a trailing semicolon is allowed). */
  public Result check(String sql) {
    Objects.requireNonNull(sql, "sql");
    List<Finding> findings;
    try {
      findings = findings(sql);
    } catch (JSQLParserException e) {
      return new Result(List.of(), Optional.of(firstLine(e)), sql);
    }
    return new Result(findings, Optional.empty(), rewrite(sql, findings));
  }

  /**
   * One statement of a checked script.
   *
   * @param line the 1-based line of its first token in the script
   * @param sql the statement (without its semicolon)
   * @param result its check, with the findings' lines, columns and offsets in the script's terms
   */
  public record ScriptStatement(int line, String sql, Result result) {}

  /** Checks every statement of {@code script} (statements end with semicolons). */
  public List<ScriptStatement> checkScript(String script) {
    SqlTokens whole = new SqlTokens(script);
    List<ScriptStatement> out = new ArrayList<>();
    for (int[] span : SqlTokens.statements(script)) {
      String text = script.substring(span[0], span[1]);
      int lead = text.length() - text.stripLeading().length();
      String sql = text.strip();
      int base = span[0] + lead;
      Result r = check(sql);
      List<Finding> moved = new ArrayList<>();
      for (Finding f : r.findings()) {
        moved.add(new Finding(f.rule(), whole.line(base + f.start()), whole.column(base + f.start()),
            base + f.start(), base + f.end(), f.message(), f.suggestion(), f.replacement()));
      }
      int firstToken = new SqlTokens(sql).all().get(0).start();
      out.add(new ScriptStatement(whole.line(base + firstToken), sql,
          new Result(List.copyOf(moved), r.parseError(), r.rewritten())));
    }
    return out;
  }

  @Override
  public List<String> incompatibilities(String sql) {
    try {
      List<String> out = new ArrayList<>();
      // the findings only: the rewrites check() also computes re-parse once per safe finding
      findings(sql).forEach(f -> out.add(f.rule() + ": " + f.message()));
      return out;
    } catch (JSQLParserException e) {
      return List.of("parse-error: " + firstLine(e));
    } catch (RuntimeException e) {
      return List.of("check-failed: " + e.getClass().getSimpleName());
    }
  }

  /** Applies safe rewrites innermost first, checking again after each, until none is left. */
  private String rewrite(String sql, List<Finding> first) {
    String current = sql;
    List<Finding> found = first;
    for (int round = 0; round < 100; round++) {
      Optional<Finding> next = found.stream().filter(Finding::safe)
          .min(Comparator.comparingInt((Finding f) -> f.end() - f.start()).thenComparingInt(Finding::start));
      if (next.isEmpty()) {
        return current;
      }
      Finding f = next.get();
      String candidate = current.substring(0, f.start()) + f.replacement().orElseThrow() + current.substring(f.end());
      try {
        found = findings(candidate);
      } catch (JSQLParserException e) {
        return current; // a rewrite the parser cannot read: stop with what is known to parse
      }
      current = candidate;
    }
    return current;
  }

  private List<Finding> findings(String sql) throws JSQLParserException {
    String statement = stripTrailingSemicolon(sql);
    AstFacts facts = AstFacts.of(statement);
    SqlTokens tokens = new SqlTokens(sql);
    List<Finding> out = new ArrayList<>();
    Ctx ctx = new Ctx(tokens, facts, out);
    backticks(ctx);
    if (from == Dialect.REDSHIFT) {
      redshiftToAthena(ctx);
    } else {
      athenaToRedshift(ctx);
    }
    out.sort(Comparator.comparingInt(Finding::start).thenComparing(Finding::rule));
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------------------------------------
  // Redshift -> Athena

  private static final Map<String, String> DATE_PARTS = Map.ofEntries(
      Map.entry("YEAR", "year"), Map.entry("YEARS", "year"), Map.entry("Y", "year"), Map.entry("YR", "year"),
      Map.entry("YRS", "year"), Map.entry("QUARTER", "quarter"), Map.entry("QUARTERS", "quarter"),
      Map.entry("QTR", "quarter"), Map.entry("QTRS", "quarter"), Map.entry("MONTH", "month"),
      Map.entry("MONTHS", "month"), Map.entry("MON", "month"), Map.entry("MONS", "month"), Map.entry("WEEK", "week"),
      Map.entry("WEEKS", "week"), Map.entry("W", "week"), Map.entry("DAY", "day"), Map.entry("DAYS", "day"),
      Map.entry("D", "day"), Map.entry("HOUR", "hour"), Map.entry("HOURS", "hour"), Map.entry("H", "hour"),
      Map.entry("HR", "hour"), Map.entry("HRS", "hour"), Map.entry("MINUTE", "minute"),
      Map.entry("MINUTES", "minute"), Map.entry("M", "minute"), Map.entry("MIN", "minute"),
      Map.entry("MINS", "minute"), Map.entry("SECOND", "second"), Map.entry("SECONDS", "second"),
      Map.entry("S", "second"), Map.entry("SEC", "second"), Map.entry("SECS", "second"),
      Map.entry("MILLISECOND", "millisecond"), Map.entry("MILLISECONDS", "millisecond"),
      Map.entry("MS", "millisecond"));

  /** Redshift/PostgreSQL type names Trino does not know, and Trino's name for each. */
  private static final Map<String, String> TRINO_TYPES = Map.ofEntries(
      Map.entry("INT2", "smallint"), Map.entry("INT4", "integer"), Map.entry("INT8", "bigint"),
      Map.entry("FLOAT4", "real"), Map.entry("FLOAT8", "double"), Map.entry("FLOAT", "double"),
      Map.entry("DOUBLE PRECISION", "double"), Map.entry("TEXT", "varchar"), Map.entry("BPCHAR", "char"),
      Map.entry("CHARACTER VARYING", "varchar"), Map.entry("BOOL", "boolean"), Map.entry("NUMERIC", "decimal"),
      Map.entry("TIMESTAMPTZ", "timestamp with time zone"), Map.entry("TIMESTAMP WITHOUT TIME ZONE", "timestamp"));

  private void redshiftToAthena(Ctx c) {
    // functions with a safe rewrite
    c.call("GETDATE", "getdate", "GETDATE() does not exist in Athena",
        "localtimestamp (the current timestamp without time zone, as GETDATE returns)",
        args -> args.isEmpty() ? "localtimestamp" : null);
    c.call("NVL", "nvl", "NVL does not exist in Athena", "coalesce(a, b)",
        args -> "coalesce(" + String.join(", ", args) + ")");
    c.call("NVL2", "nvl2", "NVL2 does not exist in Athena", "CASE WHEN a IS NOT NULL THEN b ELSE c END",
        args -> args.size() == 3
            ? "CASE WHEN " + args.get(0) + " IS NOT NULL THEN " + args.get(1) + " ELSE " + args.get(2) + " END"
            : null);
    c.call("LEN", "len", "LEN does not exist in Athena", "length(s)",
        args -> args.size() == 1 ? "length(" + args.get(0) + ")" : null);
    c.call("CHARINDEX", "charindex", "CHARINDEX does not exist in Athena; strpos takes its arguments the other way round",
        "strpos(string, substring)",
        args -> args.size() == 2 ? "strpos(" + args.get(1) + ", " + args.get(0) + ")" : null);
    c.call("DATEADD", "dateadd", "DATEADD does not exist in Athena; date_add takes the unit as a string",
        "date_add('unit', n, timestamp)",
        args -> args.size() == 3 && datePart(args.get(0)) != null
            ? "date_add('" + datePart(args.get(0)) + "', " + args.get(1) + ", " + args.get(2) + ")" : null);
    c.call("DATE_PART", "date_part", "DATE_PART does not exist in Athena", "extract(unit FROM timestamp)",
        args -> args.size() == 2 && extractable(datePart(args.get(0)))
            ? "extract(" + datePart(args.get(0)) + " FROM " + args.get(1) + ")" : null);
    c.call("DATEPART", "date_part", "DATEPART does not exist in Athena", "extract(unit FROM timestamp)",
        args -> args.size() == 2 && extractable(datePart(args.get(0)))
            ? "extract(" + datePart(args.get(0)) + " FROM " + args.get(1) + ")" : null);
    // functions that differ in meaning: suggestion only
    c.call("DATEDIFF", "datediff", "DATEDIFF does not exist in Athena, and date_diff counts differently: "
        + "Redshift counts the unit boundaries crossed (DATEDIFF(day, '2026-01-01 23:59', '2026-01-02 00:01') is 1), "
        + "Trino the whole units elapsed (0)",
        "date_diff('unit', a, b) on values truncated to the unit, e.g. date_diff('day', CAST(a AS date), CAST(b AS date))",
        args -> null);
    c.call("ADD_MONTHS", "add_months", "ADD_MONTHS does not exist in Athena, and date_add differs at month ends: "
        + "Redshift maps the last day of a month to the last day of the result month (2024-02-29 + 1 = 2024-03-31), "
        + "Trino keeps the day (2024-03-29)", "date_add('month', n, date), checking month-end dates", args -> null);
    c.call("DECODE", "decode", "DECODE does not exist in Athena, and a CASE does not match NULL to NULL as DECODE does",
        "CASE expr WHEN v1 THEN r1 ... ELSE default END, with an explicit WHEN expr IS NULL branch if NULLs occur",
        args -> null);
    c.call("LISTAGG", "listagg", "LISTAGG ... WITHIN GROUP is missing from Athena's older engine versions and "
        + "fails on overflow differently", "array_join(array_agg(x ORDER BY ...), separator)", args -> null);
    c.call("MEDIAN", "median", "MEDIAN does not exist in Athena; approx_percentile is approximate and does not "
        + "interpolate between the two middle values", "approx_percentile(x, 0.5)", args -> null);
    c.call("CONVERT_TIMEZONE", "convert_timezone", "CONVERT_TIMEZONE does not exist in Athena; AT TIME ZONE "
        + "returns a timestamp with time zone", "with_timezone(ts, 'from') AT TIME ZONE 'to'", args -> null);
    c.call("TO_CHAR", "to_char", "TO_CHAR does not exist in Athena; date_format uses MySQL-style patterns",
        "date_format(ts, '%Y-%m-%d') for TO_CHAR(ts, 'YYYY-MM-DD')", args -> null);
    // keywords and operators
    for (Finding.Span s : c.bareWords("SYSDATE", c.facts.bareWords.getOrDefault("SYSDATE", 0))) {
      c.add("sysdate", s, "SYSDATE does not exist in Athena", "localtimestamp", "localtimestamp");
    }
    castOperators(c, TRINO_TYPES);
    typeNames(c, TRINO_TYPES, "Athena");
    top(c);
    ilike(c);
    regexOperators(c);
    dateIntegerArithmetic(c);
  }

  private static String datePart(String arg) {
    String a = arg.trim();
    if (a.length() >= 2 && a.startsWith("'") && a.endsWith("'")) {
      a = a.substring(1, a.length() - 1);
    }
    return DATE_PARTS.get(a.toUpperCase(Locale.ROOT));
  }

  private static boolean extractable(String part) {
    return part != null && List.of("year", "quarter", "month", "day", "hour", "minute", "second").contains(part);
  }

  private void castOperators(Ctx c, Map<String, String> typeMap) {
    if (c.facts.operatorCastTypes.isEmpty()) {
      return;
    }
    List<Token> t = c.tokens.all();
    for (int i = 0; i < t.size(); i++) {
      if (!t.get(i).is("::")) {
        continue;
      }
      int operandStart = operandStart(c.tokens, i - 1);
      int typeEnd = typeEnd(c.tokens, i + 1);
      if (operandStart < 0 || typeEnd < 0) {
        continue;
      }
      String sql = c.tokens.sql();
      String operand = sql.substring(t.get(operandStart).start(), t.get(i - 1).end());
      String type = sql.substring(t.get(i + 1).start(), t.get(typeEnd).end());
      String mapped = mapType(type, typeMap);
      c.add("cast-operator", new Finding.Span(t.get(operandStart).start(), t.get(typeEnd).end()),
          "the :: cast is PostgreSQL syntax; Athena needs CAST", "CAST(x AS type)",
          "CAST(" + operand + " AS " + mapped + ")");
    }
  }

  private static String mapType(String type, Map<String, String> typeMap) {
    String upper = type.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    String base = upper.replaceAll("\\s*\\(.*$", "");
    String mapped = typeMap.get(base);
    if (mapped == null) {
      return type.trim();
    }
    String args = upper.length() > base.length() ? type.trim().substring(type.trim().indexOf('(')) : "";
    return mapped + args;
  }

  /** Reports type names in CAST(... AS type) the target does not know. */
  private void typeNames(Ctx c, Map<String, String> typeMap, String target) {
    if (c.facts.castTypes.isEmpty()) {
      return;
    }
    List<Token> t = c.tokens.all();
    for (int i = 0; i < t.size(); i++) {
      if (!(t.get(i).is("CAST") || t.get(i).is("TRY_CAST")) || i + 1 >= t.size() || !t.get(i + 1).is("(")) {
        continue;
      }
      int close = c.tokens.closing(i + 1);
      int as = -1;
      int depth = 0;
      for (int j = i + 2; j < close; j++) {
        if (t.get(j).is("(")) {
          depth++;
        } else if (t.get(j).is(")")) {
          depth--;
        } else if (depth == 0 && t.get(j).is("AS")) {
          as = j;
        }
      }
      if (as < 0 || as + 1 >= close) {
        continue;
      }
      String sql = c.tokens.sql();
      String type = sql.substring(t.get(as + 1).start(), t.get(close - 1).end());
      String replacement = typeReplacement(type, typeMap);
      if (replacement != null) {
        c.add("type-name", new Finding.Span(t.get(as + 1).start(), t.get(close - 1).end()),
            "type " + type.trim() + " is not a " + target + " type name", replacement, replacement);
      }
    }
  }

  private String typeReplacement(String type, Map<String, String> typeMap) {
    String upper = type.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (to == Dialect.REDSHIFT && upper.equals("VARCHAR")) {
      return "VARCHAR(MAX)"; // Redshift's VARCHAR without a length is VARCHAR(256): longer values fail
    }
    String base = upper.replaceAll("\\s*\\(.*$", "");
    return typeMap.containsKey(base) ? mapType(type, typeMap) : null;
  }

  /** The first token of the primary expression that ends at token {@code last}, or -1. */
  private static int operandStart(SqlTokens tokens, int last) {
    List<Token> t = tokens.all();
    if (last < 0) {
      return -1;
    }
    int i = last;
    if (t.get(i).is(")")) {
      int depth = 0;
      for (; i >= 0; i--) {
        if (t.get(i).is(")")) {
          depth++;
        } else if (t.get(i).is("(")) {
          depth--;
          if (depth == 0) {
            break;
          }
        }
      }
      if (i > 0 && t.get(i - 1).kind() == Kind.WORD && !isKeyword(t.get(i - 1))) {
        i--; // a function call
      }
    } else if (t.get(i).kind() == Kind.OP || t.get(i).kind() == Kind.PUNCT) {
      return -1;
    }
    // qualified names: a.b.c
    while (i >= 2 && t.get(i - 1).is(".") && (t.get(i - 2).kind() == Kind.WORD || t.get(i - 2).kind() == Kind.QUOTED)) {
      i -= 2;
    }
    return i;
  }

  private static boolean isKeyword(Token t) {
    return List.of("SELECT", "WHERE", "AND", "OR", "NOT", "IN", "ON", "AS", "FROM", "BY", "WHEN", "THEN", "ELSE",
        "CASE", "EXISTS", "HAVING", "JOIN", "OVER", "USING", "VALUES").contains(t.upper());
  }

  /** The last token of the type name starting at token {@code first}, or -1. */
  private static int typeEnd(SqlTokens tokens, int first) {
    List<Token> t = tokens.all();
    if (first >= t.size() || t.get(first).kind() != Kind.WORD) {
      return -1;
    }
    int i = first;
    String u = t.get(i).upper();
    if ((u.equals("DOUBLE") || u.equals("CHARACTER") || u.equals("TIMESTAMP")) && i + 1 < t.size()
        && List.of("PRECISION", "VARYING", "WITH", "WITHOUT").contains(t.get(i + 1).upper())) {
      i++;
      if (t.get(i).is("WITH") || t.get(i).is("WITHOUT")) {
        i = Math.min(t.size() - 1, i + 2); // ... TIME ZONE
      }
    }
    if (i + 1 < t.size() && t.get(i + 1).is("(")) {
      int close = tokens.closing(i + 1);
      if (close > 0) {
        i = close;
      }
    }
    return i;
  }

  private void top(Ctx c) {
    if (c.facts.tops == 0) {
      return;
    }
    List<Token> t = c.tokens.all();
    for (int i = 0; i + 1 < t.size(); i++) {
      if (!t.get(i).is("TOP") || i == 0 || !(t.get(i - 1).is("SELECT") || t.get(i - 1).is("DISTINCT"))) {
        continue;
      }
      Token n = t.get(i + 1);
      String replacement = null;
      boolean onlyTopLevelSelect = c.facts.tops == 1 && !c.facts.limit && countWord(t, "SELECT") == 1;
      if (onlyTopLevelSelect && n.kind() == Kind.NUMBER) {
        String sql = c.tokens.sql();
        int end = statementEnd(c.tokens);
        // remove "TOP n", append "LIMIT n": done as one replacement of the span up to the end
        replacement = sql.substring(n.end(), end).stripLeading() + "\nLIMIT " + n.text();
        c.add("top", new Finding.Span(t.get(i).start(), end), "TOP n is not Athena syntax", "LIMIT n at the end",
            replacement);
        continue;
      }
      c.add("top", new Finding.Span(t.get(i).start(), n.end()), "TOP n is not Athena syntax",
          "LIMIT n at the end of the SELECT", null);
    }
  }

  private static int countWord(List<Token> t, String word) {
    return (int) t.stream().filter(x -> x.is(word)).count();
  }

  private static int statementEnd(SqlTokens tokens) {
    List<Token> t = tokens.all();
    int last = t.size() - 1;
    if (last >= 0 && t.get(last).is(";")) {
      last--;
    }
    return last >= 0 ? t.get(last).end() : 0;
  }

  private void ilike(Ctx c) {
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
      int leftStart = operandStart(c.tokens, leftEnd);
      int rightEnd = operandEnd(c.tokens, i + 1);
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
      c.add("ilike", new Finding.Span(start, end), "ILIKE is not Athena syntax", "lower(a) LIKE lower(b)", replacement);
    }
  }

  /** The last token of the primary expression starting at token {@code first}, or -1. */
  private static int operandEnd(SqlTokens tokens, int first) {
    List<Token> t = tokens.all();
    if (first >= t.size()) {
      return -1;
    }
    Token f = t.get(first);
    if (f.kind() == Kind.STRING || f.kind() == Kind.NUMBER) {
      return first;
    }
    if (f.is("(")) {
      return tokens.closing(first);
    }
    if (f.kind() == Kind.WORD || f.kind() == Kind.QUOTED) {
      int i = first;
      while (i + 2 < t.size() && t.get(i + 1).is(".")) {
        i += 2;
      }
      if (i + 1 < t.size() && t.get(i + 1).is("(")) {
        return tokens.closing(i + 1);
      }
      return i;
    }
    return -1;
  }

  private void regexOperators(Ctx c) {
    if (c.facts.regexOperators == 0) {
      return;
    }
    List<Token> t = c.tokens.all();
    for (int i = 1; i + 1 < t.size(); i++) {
      Token op = t.get(i);
      if (op.kind() != Kind.OP || !List.of("~", "~*", "!~", "!~*").contains(op.text())) {
        continue;
      }
      int leftStart = operandStart(c.tokens, i - 1);
      int rightEnd = operandEnd(c.tokens, i + 1);
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
          replacement = (op.text().startsWith("!") ? "NOT " : "") + "regexp_like(" + left + ", " + right + ")";
          start = t.get(leftStart).start();
          end = t.get(rightEnd).end();
        }
      }
      c.add("regex-operator", new Finding.Span(start, end), "the POSIX " + op.text()
          + " operator is not Athena syntax", "regexp_like(string, pattern)", replacement);
    }
  }

  private void dateIntegerArithmetic(Ctx c) {
    if (c.facts.dateIntegerArithmetic == 0) {
      return;
    }
    List<Token> t = c.tokens.all();
    for (int i = 0; i + 2 < t.size(); i++) {
      if (t.get(i).is("CURRENT_DATE") && (t.get(i + 1).is("-") || t.get(i + 1).is("+"))
          && t.get(i + 2).kind() == Kind.NUMBER && t.get(i + 2).text().matches("\\d+")) {
        String replacement = "CURRENT_DATE " + t.get(i + 1).text() + " INTERVAL '" + t.get(i + 2).text() + "' DAY";
        c.add("date-integer-arithmetic", new Finding.Span(t.get(i).start(), t.get(i + 2).end()),
            "date +/- integer days is PostgreSQL arithmetic; Athena needs an interval",
            "CURRENT_DATE - INTERVAL 'n' DAY", replacement);
      }
    }
  }

  private void backticks(Ctx c) {
    for (Token tk : c.tokens.all()) {
      if (tk.kind() == Kind.BACKTICK) {
        String inner = tk.text().substring(1, tk.text().length() - 1).replace("``", "`");
        c.add("backtick", new Finding.Span(tk.start(), tk.end()), "backtick quoting is Hive DDL syntax; queries on "
            + (to == Dialect.ATHENA ? "Athena" : "Redshift") + " quote identifiers with double quotes",
            "\"" + inner + "\"", "\"" + inner.replace("\"", "\"\"") + "\"");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Athena -> Redshift

  private static final Map<String, String> REDSHIFT_TYPES = Map.of(
      "DOUBLE", "DOUBLE PRECISION", "TINYINT", "SMALLINT", "VARBINARY", "VARBYTE");

  private void athenaToRedshift(Ctx c) {
    c.call("DATE_ADD", "date_add", "date_add with a unit string is Trino's; Redshift has DATEADD",
        "DATEADD(unit, n, timestamp)", args -> args.size() == 3 && datePart(args.get(0)) != null
            && args.get(0).trim().startsWith("'")
            ? "DATEADD(" + datePart(args.get(0)) + ", " + args.get(1) + ", " + args.get(2) + ")" : null);
    c.call("DATE_DIFF", "date_diff", "date_diff is Trino's, and Redshift's DATEDIFF counts unit boundaries "
        + "crossed, not whole units elapsed", "DATEDIFF(unit, a, b) on values truncated to the unit", args -> null);
    c.call("DATE_FORMAT", "date_format", "date_format is Trino's (MySQL-style patterns); Redshift has TO_CHAR",
        "TO_CHAR(ts, 'YYYY-MM-DD') for date_format(ts, '%Y-%m-%d')", args -> null);
    c.call("APPROX_DISTINCT", "approx_distinct", "approx_distinct is Trino's; Redshift's HyperLogLog count is "
        + "APPROXIMATE COUNT(DISTINCT ...)", "APPROXIMATE COUNT(DISTINCT x)",
        args -> args.size() == 1 ? "APPROXIMATE COUNT(DISTINCT " + args.get(0) + ")" : null);
    c.call("APPROX_PERCENTILE", "approx_percentile", "approx_percentile is Trino's; Redshift's approximation "
        + "uses another algorithm", "APPROXIMATE PERCENTILE_DISC(p) WITHIN GROUP (ORDER BY x)", args -> null);
    c.call("REGEXP_LIKE", "regexp_like", "regexp_like is Trino's; Redshift matches with the POSIX ~ operator",
        "(string ~ pattern)", args -> args.size() == 2 ? "(" + args.get(0) + " ~ " + args.get(1) + ")" : null);
    c.call("FROM_UNIXTIME", "from_unixtime", "from_unixtime is Trino's", "TIMESTAMP 'epoch' + n * INTERVAL '1 second'",
        args -> args.size() == 1 ? "(TIMESTAMP 'epoch' + (" + args.get(0) + ") * INTERVAL '1 second')" : null);
    c.call("TO_UNIXTIME", "to_unixtime", "to_unixtime is Trino's", "EXTRACT(EPOCH FROM ts)",
        args -> args.size() == 1 ? "EXTRACT(EPOCH FROM " + args.get(0) + ")" : null);
    c.call("JSON_EXTRACT_SCALAR", "json_extract_scalar", "json_extract_scalar is Trino's; Redshift has "
        + "JSON_EXTRACT_PATH_TEXT with one argument per path element", "JSON_EXTRACT_PATH_TEXT(json, 'a', 'b')",
        args -> args.size() == 2 ? jsonPath(args.get(0), args.get(1)) : null);
    for (String array : List.of("ARRAY_AGG", "ARRAY_JOIN", "CARDINALITY", "ELEMENT_AT", "CONTAINS", "TRANSFORM",
        "FILTER", "REDUCE", "SEQUENCE", "ZIP", "MAP_KEYS", "MAP_VALUES")) {
      c.call(array, "arrays", array.toLowerCase(Locale.ROOT) + " works on Trino arrays or maps; Redshift has "
          + "SUPER values navigated with PartiQL instead", "LISTAGG for array_join(array_agg(x), sep); PartiQL "
          + "over SUPER for the rest", args -> null);
    }
    c.call("UNNEST", "unnest", "UNNEST is Trino's; Redshift unnests SUPER arrays with PartiQL",
        "FROM t, t.array_column AS x (the column as SUPER)", args -> null);
    if (c.facts.tryCasts > 0) {
      for (Token tk : c.tokens.all()) {
        if (tk.is("TRY_CAST")) {
          c.add("try_cast", new Finding.Span(tk.start(), tk.end()), "TRY_CAST is Trino's; Redshift's CAST fails on "
              + "a bad value", "CASE WHEN x ~ '^-?[0-9]+$' THEN CAST(x AS INTEGER) END (a pattern for the type)", null);
        }
      }
    }
    if (c.facts.lambdas > 0) {
      for (Token tk : c.tokens.all()) {
        if (tk.is("->")) {
          c.add("lambda", new Finding.Span(tk.start(), tk.end()), "lambda expressions are Trino's; Redshift has none",
              "a join or a SQL expression over the unnested values", null);
        }
      }
    }
    typeNames(c, REDSHIFT_TYPES, "Redshift");
  }

  private static String jsonPath(String json, String path) {
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

  // ---------------------------------------------------------------------------------------------

  /** What one check works on, and where its findings go. */
  private static final class Ctx {
    final SqlTokens tokens;
    final AstFacts facts;
    final List<Finding> out;

    Ctx(SqlTokens tokens, AstFacts facts, List<Finding> out) {
      this.tokens = tokens;
      this.facts = facts;
      this.out = out;
    }

    /** Reports each call of {@code upperName} the parser found, with a rewrite where one is given. */
    void call(String upperName, String rule, String message, String suggestion,
        Function<List<String>, String> rewrite) {
      if (facts.function(upperName) == 0) {
        return;
      }
      List<Token> t = tokens.all();
      for (int i = 0; i + 1 < t.size(); i++) {
        if (t.get(i).kind() == Kind.WORD && t.get(i).upper().equals(upperName) && t.get(i + 1).is("(")
            && (i == 0 || !t.get(i - 1).is("."))) {
          int close = tokens.closing(i + 1);
          if (close < 0) {
            continue;
          }
          String replacement = rewrite.apply(tokens.arguments(i + 1, close));
          add(rule, new Finding.Span(t.get(i).start(), t.get(close).end()), message, suggestion, replacement);
        }
      }
    }

    /** The spans of {@code word} used as a bare keyword (not called, not qualified), at most {@code n}. */
    List<Finding.Span> bareWords(String word, int n) {
      List<Finding.Span> spans = new ArrayList<>();
      List<Token> t = tokens.all();
      for (int i = 0; i < t.size() && spans.size() < n; i++) {
        if (t.get(i).kind() == Kind.WORD && t.get(i).upper().equals(word)
            && (i + 1 >= t.size() || !t.get(i + 1).is("(")) && (i == 0 || !t.get(i - 1).is("."))) {
          spans.add(new Finding.Span(t.get(i).start(), t.get(i).end()));
        }
      }
      return spans;
    }

    void add(String rule, Finding.Span span, String message, String suggestion, String replacement) {
      out.add(new Finding(rule, tokens.line(span.start()), tokens.column(span.start()), span.start(), span.end(),
          message, suggestion, Optional.ofNullable(replacement)));
    }
  }

  private static String stripTrailingSemicolon(String sql) {
    String s = sql.stripTrailing();
    return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
  }

  private static String firstLine(JSQLParserException e) {
    String m = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
    m = m == null ? "not valid SQL" : m;
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
