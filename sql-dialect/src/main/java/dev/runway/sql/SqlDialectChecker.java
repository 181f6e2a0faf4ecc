package dev.runway.sql;

import dev.runway.migrate.DialectCheck;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * {@code date-integer-arithmetic}, {@code date-subtraction}, {@code backtick}. Athena -> Redshift:
 * {@code avg-integer}, {@code date_add}, {@code date_diff}, {@code date_format}, {@code
 * approx_distinct}, {@code approx_percentile}, {@code try_cast}, {@code regexp_like}, {@code
 * arrays}, {@code unnest}, {@code lambda}, {@code from_unixtime}, {@code to_unixtime}, {@code
 * json_extract_scalar}, {@code type-name}, {@code backtick}. Integer division, {@code date_trunc},
 * {@code strpos}, {@code split_part}, {@code coalesce} and {@code LIMIT}/{@code OFFSET} behave
 * alike on both and are not reported.
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
        moved.add(
            new Finding(
                f.rule(),
                whole.line(base + f.start()),
                whole.column(base + f.start()),
                base + f.start(),
                base + f.end(),
                f.message(),
                f.suggestion(),
                f.replacement()));
      }
      int firstToken = new SqlTokens(sql).all().get(0).start();
      out.add(
          new ScriptStatement(
              whole.line(base + firstToken),
              sql,
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
      Optional<Finding> next =
          found.stream()
              .filter(Finding::safe)
              .min(
                  Comparator.comparingInt((Finding f) -> f.end() - f.start())
                      .thenComparingInt(Finding::start));
      if (next.isEmpty()) {
        return current;
      }
      Finding f = next.get();
      String candidate =
          current.substring(0, f.start())
              + f.replacement().orElseThrow()
              + current.substring(f.end());
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
    RuleContext ctx = new RuleContext(tokens, facts, out, to);
    DialectRules.backticks(ctx);
    if (from == Dialect.REDSHIFT) {
      RedshiftToAthenaRules.apply(ctx);
    } else {
      AthenaToRedshiftRules.apply(ctx);
    }
    out.sort(Comparator.comparingInt(Finding::start).thenComparing(Finding::rule));
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------------------------------------

  private static String stripTrailingSemicolon(String sql) {
    String s = sql.stripTrailing();
    return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
  }

  private static String firstLine(JSQLParserException e) {
    String m =
        e.getCause() != null && e.getCause().getMessage() != null
            ? e.getCause().getMessage()
            : e.getMessage();
    m = m == null ? "not valid SQL" : m;
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
