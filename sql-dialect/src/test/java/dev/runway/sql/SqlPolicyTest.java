package dev.runway.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.Query;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SqlPolicyTest {

  private final SqlPolicy policy = PolicyCorpus.policy();

  @Test
  void aMissingLimitIsAddedAfterTheTextSoThatATrailingCommentCannotSwallowIt() {
    SqlPolicy.Decision d = policy.check("SELECT product_id FROM product -- all of them");
    assertThat(d.accepted()).isTrue();
    assertThat(d.query().sql())
        .isEqualTo("SELECT product_id FROM product -- all of them\nLIMIT 1000");
    assertThat(d.rewrites()).containsExactly("LIMIT 1000 added");
    assertThat(policy.check("SELECT count(*) FROM product;").query().sql())
        .isEqualTo("SELECT count(*) FROM product\nLIMIT 1000");
  }

  @Test
  void aLargerLimitIsTightenedWhereItIsWrittenAndASubquerysLimitIsLeftAlone() {
    SqlPolicy.Decision d =
        policy.check(
            "SELECT * FROM (SELECT product_id FROM product LIMIT 5000) t ORDER BY product_id LIMIT 50000");
    assertThat(d.query().sql())
        .isEqualTo(
            "SELECT * FROM (SELECT product_id FROM product LIMIT 5000) t ORDER BY product_id LIMIT 1000");
    assertThat(d.rewrites()).containsExactly("LIMIT 50000 tightened to 1000");
  }

  @Test
  void theRewrittenQueryKeepsItsParametersLabelAndScope() {
    Query q =
        Query.builder("SELECT product_id FROM product WHERE category = :c")
            .param("c", "Pumps")
            .label("fe.pumps")
            .cacheScope("Field Engineer")
            .build();
    Query run = policy.check(q).query();
    assertThat(run.sql()).endsWith("\nLIMIT 1000");
    assertThat(run.params()).containsEntry("c", "Pumps");
    assertThat(run.label()).contains("fe.pumps");
    assertThat(run.cacheScope()).contains("Field Engineer");
  }

  @Test
  void aViolationNamesItsRuleLineAndColumn() {
    SqlPolicy.Decision d =
        policy.check("SELECT p.product_id\nFROM product p\nJOIN app_users u ON u.username = 'x'");
    assertThat(d.violations()).hasSize(1);
    SqlPolicy.Violation v = d.violations().get(0);
    assertThat(v.rule()).isEqualTo(PolicyRule.TABLE);
    assertThat(v.line()).isEqualTo(3);
    assertThat(v.column()).isEqualTo(6);
    assertThat(v.toString())
        .startsWith("table at 3:6: table 'app_users' is not allowed; allowed: [product,");
  }

  @Test
  void aColumnViolationListsTheAllowedColumns() {
    SqlPolicy.Decision d = policy.check("SELECT region, email FROM customer");
    assertThat(d.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.rule()).isEqualTo(PolicyRule.COLUMN);
              assertThat(v.column()).isEqualTo(16);
              assertThat(v.message()).contains("[customer_id, region, segment]");
            });
  }

  @Test
  void aParseFailureSaysWhereWithoutRepeatingTheText() {
    SqlPolicy.Decision d =
        policy.check("SELECT product_id FROM product WHERE password = 'hunter2' AND AND");
    assertThat(d.rule()).isEqualTo(PolicyRule.PARSE);
    assertThat(d.violations().get(0).toString()).doesNotContain("hunter2");
    assertThat(d.violations().get(0).column()).isGreaterThan(50);
  }

  @Test
  void tooLongTextIsRefusedBeforeParsing() {
    SqlPolicy small = SqlPolicy.builder().allowTables("product").maxLength(40).build();
    assertThat(small.check("SELECT product_id, product_name, category FROM product").rule())
        .isEqualTo(PolicyRule.TOO_LONG);
  }

  @Test
  void aScanOverTheBudgetIsRefusedAndTheEstimatorSeesTheRewrittenQuery() {
    AtomicInteger asked = new AtomicInteger();
    SqlPolicy budgeted =
        SqlPolicy.builder()
            .allowTables("product")
            .maxRows(10)
            .scanBudget(
                q -> {
                  asked.incrementAndGet();
                  assertThat(q.sql()).endsWith("LIMIT 10");
                  return q.sql().contains("category")
                      ? OptionalLong.of(11L << 30)
                      : OptionalLong.of(1_000);
                },
                10L << 30)
            .build();
    assertThat(budgeted.check("SELECT product_id FROM product").accepted()).isTrue();
    SqlPolicy.Decision d = budgeted.check("SELECT category FROM product");
    assertThat(d.rule()).isEqualTo(PolicyRule.SCAN_BUDGET);
    assertThat(d.violations().get(0).message())
        .contains("11811160064 bytes")
        .contains("10737418240");
    assertThat(asked).hasValue(2);
  }

  @Test
  void decisionsAreKeptPerTextButEstimatesAreNot() {
    AtomicInteger asked = new AtomicInteger();
    SqlPolicy p =
        SqlPolicy.builder()
            .allowTables("product")
            .scanBudget(q -> OptionalLong.of(asked.incrementAndGet()), 100)
            .build();
    p.check("SELECT 1 FROM product");
    p.check("SELECT 1 FROM product");
    assertThat(asked).hasValue(2);
  }

  @Test
  void theBuilderRefusesAPolicyThatAllowsNothingAndNamesBadInput() {
    assertThatThrownBy(() -> SqlPolicy.builder().build()).hasMessageContaining("allowTables");
    assertThatThrownBy(() -> SqlPolicy.builder().allowTables("a.b.c"))
        .hasMessageContaining("schema.table");
    assertThatThrownBy(() -> SqlPolicy.builder().allowColumns("t"))
        .hasMessageContaining("at least one column");
    assertThatThrownBy(() -> SqlPolicy.builder().maxRows(-1)).hasMessageContaining("maxRows");
  }

  @Test
  void aSchemaQualifiedEntryAllowsOnlyThatSchema() {
    SqlPolicy p = SqlPolicy.builder().allowTables("analytics.product").build();
    assertThat(p.check("SELECT 1 FROM analytics.product").accepted()).isTrue();
    assertThat(p.check("SELECT 1 FROM product").rule()).isEqualTo(PolicyRule.TABLE);
    assertThat(p.check("SELECT 1 FROM staging.product").rule()).isEqualTo(PolicyRule.TABLE);
  }

  @Test
  void theGuardRefusesBeforeTheEngineAndRunsTheRewrittenQuery() {
    try (JdbcDatabaseClient db = JdbcDatabaseClient.embedded()) {
      db.execute("CREATE TABLE product (product_id INTEGER)");
      db.execute("INSERT INTO product SELECT range FROM range(5000)");
      db.execute("CREATE TABLE app_users (username VARCHAR)");
      SqlPolicyDatabaseClient guarded = policy.guard(db);
      assertThat(guarded.execute("SELECT product_id FROM product").size()).isEqualTo(1000);
      assertThatThrownBy(
              () -> guarded.execute(Query.builder("SELECT * FROM app_users").label("x").build()))
          .isInstanceOfSatisfying(
              SqlPolicyViolationException.class,
              e -> {
                assertThat(e.rule()).isEqualTo(PolicyRule.TABLE);
                assertThat(e.getMessage())
                    .startsWith("query 'x' refused by the SQL policy: table at 1:15:");
              });
      assertThatThrownBy(() -> guarded.executeAsync(Query.of("DROP TABLE product")).join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(SqlPolicyViolationException.class);
      assertThatThrownBy(() -> guarded.stream(Query.of("SELECT pg_sleep(1)")))
          .isInstanceOf(SqlPolicyViolationException.class);
      assertThat(db.execute("SELECT count(*) FROM product").row(0).getLong(0)).isEqualTo(5000);
    }
  }
}
