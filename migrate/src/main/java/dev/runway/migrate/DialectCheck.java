package dev.runway.migrate;

import java.util.List;

/**
 * Names the constructs of a query that the engine it is moving to lacks or treats differently, so
 * that a {@link ShadowDatabaseClient} reports a candidate's failure on them as a dialect problem,
 * apart from data mismatches. {@code runway-sql-dialect}'s {@code SqlDialectChecker} is one,
 * parsing each query with a real SQL parser. Implementations are thread-safe and never throw.
 */
@FunctionalInterface
public interface DialectCheck {

  /**
   * Returns the rules the query breaks on the target engine, each as {@code rule-id: explanation},
   * or an empty list.
   */
  List<String> incompatibilities(String sql);
}
