package dev.runway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.error.ErrorCategory;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ForwardingDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryFailedException;
import dev.runway.core.query.QueryResult;
import dev.runway.migrate.ShadowDatabaseClient;
import dev.runway.migrate.ShadowReport;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shadow client with the dialect check: a candidate failure on a query the checker flags is a
 * dialect failure with its findings; any other failure stays a candidate error.
 */
class ShadowDialectTest {

  /**
   * A candidate that answers like Athena where this test needs it: the {@code ::} cast is a syntax
   * error (Athena: "mismatched input '::'"), a query tagged {@code outage} meets an unavailable
   * service; everything else runs on DuckDB.
   */
  private static DatabaseClient athenaLike() {
    return new ForwardingDatabaseClient(JdbcDatabaseClient.embedded()) {
      @Override
      public QueryResult execute(Query query) {
        if (query.sql().contains("::")) {
          throw new QueryFailedException(
              "SYNTAX_ERROR: line 1:10: mismatched input '::'",
              "athena",
              ErrorCategory.USER_ERROR,
              "q-1",
              null);
        }
        if (query.tags().contains("outage")) {
          throw new QueryFailedException(
              "service unavailable", "athena", ErrorCategory.UNAVAILABLE, "q-2", null);
        }
        return super.execute(query);
      }
    };
  }

  @Test
  void candidateFailures_areSplitIntoDialectFailuresAndCandidateErrors() throws Exception {
    try (ShadowDatabaseClient shadow =
        ShadowDatabaseClient.builder(JdbcDatabaseClient.embedded(), athenaLike())
            .dialectCheck(SqlDialectChecker.between(Dialect.REDSHIFT, Dialect.ATHENA))
            .build()) {
      assertThat(shadow.execute(Query.of("SELECT 42::INTEGER AS answer")).row(0).getLong(0))
          .isEqualTo(42L);
      assertThat(
              shadow
                  .execute(Query.builder("SELECT 7 AS answer").tags("outage").build())
                  .row(0)
                  .getLong(0))
          .isEqualTo(7L);
      assertThat(shadow.execute(Query.of("SELECT 1 AS one")).row(0).getLong(0)).isEqualTo(1L);
      assertThat(shadow.awaitIdle(Duration.ofSeconds(10))).isTrue();

      ShadowReport report = shadow.report();
      Map<String, ShadowReport.QueryReport> bySql =
          report.queries().stream()
              .collect(Collectors.toMap(ShadowReport.QueryReport::sql, Function.identity()));
      ShadowReport.QueryReport cast = bySql.get("SELECT 42::INTEGER AS answer");
      assertThat(cast.dialectFailures()).isEqualTo(1);
      assertThat(cast.candidateErrors()).isZero();
      assertThat(cast.dialectFindings()).singleElement().asString().startsWith("cast-operator: ");
      ShadowReport.QueryReport outage = bySql.get("SELECT 7 AS answer");
      assertThat(outage.candidateErrors()).isEqualTo(1);
      assertThat(outage.dialectFailures()).isZero();
      assertThat(bySql.get("SELECT 1 AS one").matches()).isEqualTo(1);
      assertThat(report.toMarkdown())
          .contains("## Dialect: `SELECT 42::INTEGER AS answer`")
          .contains("- dialect: cast-operator: ");
      assertThat(report.toJson()).contains("\"dialectFailures\" : 1");
    }
  }
}
