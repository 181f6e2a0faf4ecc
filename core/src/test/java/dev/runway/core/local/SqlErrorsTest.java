package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.error.ErrorCategory;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

  @Test
  void categorize_sqlStates_mapToCategories() {
    assertThat(SqlErrors.categorize(new SQLException("syntax", "42601")))
        .isEqualTo(ErrorCategory.USER_ERROR);
    assertThat(SqlErrors.categorize(new SQLException("no route", "08001")))
        .isEqualTo(ErrorCategory.UNAVAILABLE);
    assertThat(SqlErrors.categorize(new SQLException("serialization", "40001")))
        .isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(SqlErrors.categorize(new SQLException("too many connections", "53300")))
        .isEqualTo(ErrorCategory.THROTTLED);
    assertThat(SqlErrors.categorize(new SQLException("canceled", "57014")))
        .isEqualTo(ErrorCategory.CANCELLED);
    assertThat(SqlErrors.categorize(new SQLTransientConnectionException("reset")))
        .isEqualTo(ErrorCategory.TRANSIENT);
  }

  @Test
  void categorize_duckDbMessages_mapToCategories() {
    assertThat(
            SqlErrors.categorize(
                new SQLException("Parser Error: syntax error at or near \"SELEC\"")))
        .isEqualTo(ErrorCategory.USER_ERROR);
    assertThat(
            SqlErrors.categorize(
                new SQLException("Catalog Error: Table with name x does not exist!")))
        .isEqualTo(ErrorCategory.USER_ERROR);
    assertThat(SqlErrors.categorize(new SQLException("Not implemented Error: feature")))
        .isEqualTo(ErrorCategory.USER_ERROR);
    assertThat(SqlErrors.categorize(new SQLException("INTERRUPT Error: Interrupted!")))
        .isEqualTo(ErrorCategory.CANCELLED);
    // a Java heap exhaustion surfaces as DuckDB's "Invalid Error": not the user's fault, not
    // retryable
    assertThat(SqlErrors.categorize(new SQLException("Invalid Error: Java heap space")))
        .isEqualTo(ErrorCategory.INTERNAL);
  }
}
