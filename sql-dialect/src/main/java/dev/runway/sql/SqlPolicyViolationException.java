package dev.runway.sql;

import dev.runway.core.query.InvalidQueryException;
import java.util.List;

/**
 * Thrown by {@link SqlPolicyDatabaseClient} when a query breaks its {@link SqlPolicy}; nothing was
 * sent to the engine. The message names the first rule, its line and column and what is allowed
 * instead; it never repeats the SQL text.
 */
public final class SqlPolicyViolationException extends InvalidQueryException {

  private static final long serialVersionUID = 1L;

  private final transient List<SqlPolicy.Violation> violations;

  /** Creates the exception for a refused query; {@code violations} is not empty. */
  public SqlPolicyViolationException(String label, List<SqlPolicy.Violation> violations) {
    super(
        "query"
            + (label == null ? "" : " '" + label + "'")
            + " refused by the SQL policy: "
            + violations.get(0)
            + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
    this.violations = List.copyOf(violations);
  }

  /** Returns every rule the query breaks, in text order. */
  public List<SqlPolicy.Violation> violations() {
    return violations;
  }

  /** Returns the first rule the query breaks. */
  public PolicyRule rule() {
    return violations.get(0).rule();
  }
}
