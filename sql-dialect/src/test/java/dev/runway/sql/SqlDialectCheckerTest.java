package dev.runway.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlDialectCheckerTest {

  private final SqlDialectChecker toAthena =
      SqlDialectChecker.between(Dialect.REDSHIFT, Dialect.ATHENA);
  private final SqlDialectChecker toRedshift =
      SqlDialectChecker.between(Dialect.ATHENA, Dialect.REDSHIFT);

  @Test
  void findings_carryLineColumnAndTheExactSpan() {
    String sql =
        "SELECT order_id,\n       NVL(total, 0) AS total\nFROM orders\nWHERE created_at > GETDATE()";
    List<Finding> f = toAthena.check(sql).findings();
    assertThat(f).extracting(Finding::rule).containsExactly("nvl", "getdate");
    assertThat(f.get(0).line()).isEqualTo(2);
    assertThat(f.get(0).column()).isEqualTo(8);
    assertThat(sql.substring(f.get(0).start(), f.get(0).end())).isEqualTo("NVL(total, 0)");
    assertThat(f.get(1).line()).isEqualTo(4);
    assertThat(f.get(1).column()).isEqualTo(20);
    assertThat(f.get(0).toString()).startsWith("2:8 nvl: ");
  }

  @Test
  void stringsCommentsAndNamesThatLookLikeFunctions_areNotFindings() {
    assertThat(
            toAthena
                .check("SELECT 'GETDATE()' AS s, len /* NVL(a, b) */ FROM t -- DATEADD(day, 1, x)")
                .findings())
        .isEmpty();
    assertThat(toAthena.check("SELECT t.nvl FROM t").findings()).isEmpty();
  }

  @Test
  void nestedRewrites_areAppliedInnermostFirst() {
    SqlDialectChecker.Result r =
        toAthena.check("SELECT NVL(DATEADD(day, 1, GETDATE()), GETDATE())");
    assertThat(r.findings())
        .extracting(Finding::rule)
        .containsExactly("nvl", "dateadd", "getdate", "getdate");
    assertThat(r.rewritten())
        .isEqualTo("SELECT coalesce(date_add('day', 1, localtimestamp), localtimestamp)");
  }

  @Test
  void unsafeFindings_areReportedWithASuggestion_andLeftInPlace() {
    SqlDialectChecker.Result r = toAthena.check("SELECT DATEDIFF(day, a, b), NVL(c, 0) FROM t");
    assertThat(r.findings())
        .extracting(Finding::rule, Finding::safe)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("datediff", false),
            org.assertj.core.groups.Tuple.tuple("nvl", true));
    assertThat(r.findings().get(0).message()).contains("boundaries");
    assertThat(r.findings().get(0).suggestion()).contains("date_diff");
    assertThat(r.rewritten()).isEqualTo("SELECT DATEDIFF(day, a, b), coalesce(c, 0) FROM t");
  }

  @Test
  void notValidSql_isAParseError_notACrash() {
    SqlDialectChecker.Result r = toAthena.check("SELEC order_id FROM orders");
    assertThat(r.parseError()).isPresent();
    assertThat(r.compatible()).isFalse();
    assertThat(toAthena.incompatibilities("SELEC 1"))
        .singleElement()
        .asString()
        .startsWith("parse-error: ");
  }

  @Test
  void script_statementsAndFindingsAreInTheScriptsLines() {
    String script =
        "-- daily\nSELECT NVL(a, 0) FROM t;\n\nSELECT 1;\nSELECT\n  TOP 5 sku FROM p;\n";
    List<SqlDialectChecker.ScriptStatement> st = toAthena.checkScript(script);
    assertThat(st).extracting(SqlDialectChecker.ScriptStatement::line).containsExactly(2, 4, 5);
    assertThat(st.get(0).result().findings())
        .singleElement()
        .satisfies(f -> assertThat(f.line()).isEqualTo(2))
        .satisfies(f -> assertThat(f.column()).isEqualTo(8));
    assertThat(st.get(1).result().compatible()).isTrue();
    assertThat(st.get(2).result().findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rule()).isEqualTo("top");
              assertThat(f.line()).isEqualTo(6);
              assertThat(f.column()).isEqualTo(3);
            });
  }

  @Test
  void eachDirectionReportsOnlyItsOwnRules() {
    // Trino functions are fine on Athena; Redshift functions are fine on Redshift
    assertThat(toAthena.check("SELECT date_add('day', 1, x), approx_distinct(y) FROM t").findings())
        .isEmpty();
    assertThat(
            toRedshift.check("SELECT DATEADD(day, 1, x), NVL(y, 0), GETDATE() FROM t").findings())
        .isEmpty();
    assertThatThrownBy(() -> SqlDialectChecker.between(Dialect.ATHENA, Dialect.ATHENA))
        .hasMessageContaining("nothing to check");
    assertThat(Dialect.of(" Redshift ")).isEqualTo(Dialect.REDSHIFT);
    assertThatThrownBy(() -> Dialect.of("bigquery")).hasMessageContaining("redshift or athena");
  }
}
