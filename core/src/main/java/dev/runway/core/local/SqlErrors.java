package dev.runway.core.local;

import dev.runway.core.error.ErrorCategory;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Classifies JDBC failures into Runway's {@link ErrorCategory}. */
final class SqlErrors {

  /**
   * DuckDB's error classes that mean the statement itself is wrong (its messages start with them).
   */
  private static final Pattern DUCKDB_USER_ERROR =
      Pattern.compile(
          "(parser|catalog|binder|conversion|"
              + "invalid input|constraint|out of range|not\\s+implemented|syntax) error|type mismatch");

  private SqlErrors() {}

  /** Returns the category of a JDBC failure, from its SQLState and, for DuckDB, its message. */
  public static ErrorCategory categorize(SQLException e) {
    if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
      return ErrorCategory.TRANSIENT;
    }
    if (e instanceof SQLNonTransientConnectionException) {
      return ErrorCategory.UNAVAILABLE;
    }
    String state = e.getSQLState();
    if (state != null && state.length() >= 2) {
      String cls = state.substring(0, 2);
      switch (cls) {
        case "08":
          return ErrorCategory.UNAVAILABLE;
        case "40":
          return ErrorCategory.TRANSIENT; // serialization failure, deadlock: retry the transaction
        case "53":
          return ErrorCategory.THROTTLED; // insufficient resources, too many connections
        case "57":
          return "57014".equals(state) ? ErrorCategory.CANCELLED : ErrorCategory.UNAVAILABLE;
        case "22", "23", "42", "0A", "21", "2B", "3D", "3F", "44":
          return ErrorCategory.USER_ERROR;
        default:
          break;
      }
    }
    // DuckDB reports most errors without a SQLState, prefixed with its error class.
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (m.contains("interrupt")) {
      return ErrorCategory.CANCELLED;
    }
    if (DUCKDB_USER_ERROR.matcher(m).find()) {
      return ErrorCategory.USER_ERROR;
    }
    return ErrorCategory.INTERNAL;
  }
}
