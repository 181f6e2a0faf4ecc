package dev.runway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.QueryResult;
import dev.runway.sql.PolicyRule;
import dev.runway.sql.SqlPolicy;
import dev.runway.sql.SqlPolicyViolationException;
import org.junit.jupiter.api.Test;

/** The snippets of guides/sql-policy.md, run. */
class SqlPolicySnippets {

  @Test
  void guardAModelsSql() {
    try (JdbcDatabaseClient database = JdbcDatabaseClient.embedded()) {
      database.execute(
          "CREATE TABLE product (product_id INTEGER, product_name VARCHAR, category VARCHAR, "
              + "unit_cost DECIMAL(10,2))");
      database.execute(
          "INSERT INTO product VALUES (1, 'Pump', 'Pumps', 70.00), (2, 'Valve', 'Valves', 22.50)");
      database.execute(
          "CREATE TABLE warehouse_product (warehouse_id VARCHAR, product_id INTEGER, quantity_on_hand INTEGER)");
      String sqlFromTheModel =
          "SELECT category, count(*) AS products FROM product GROUP BY category";
      // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
      // tag::guard[]
      SqlPolicy fieldEngineer = SqlPolicy.builder()
          .allowTables("warehouse_product", "sales_order_header", "sales_order_line")
          .allowColumns("product", "product_id", "product_name", "category")   // no costs, no suppliers
          .maxRows(200)                                                        // LIMIT added or tightened
          .build();
      DatabaseClient guarded = fieldEngineer.guard(database);

      QueryResult ok = guarded.execute(sqlFromTheModel);                      // runs, with LIMIT 200
      try {
        guarded.execute("SELECT product_name, unit_cost FROM product");       // never reaches the engine
      } catch (SqlPolicyViolationException e) {
        e.rule();          // PolicyRule.COLUMN
        e.getMessage();    // "... refused by the SQL policy: column at 1:22: column 'unit_cost' is not allowed on product ..."
      }
      // end::guard[]
      // spotless:on
      assertThat(ok.size()).isEqualTo(2);
      assertThatThrownBy(() -> guarded.execute("SELECT product_name, unit_cost FROM product"))
          .isInstanceOfSatisfying(
              SqlPolicyViolationException.class,
              e -> {
                assertThat(e.rule()).isEqualTo(PolicyRule.COLUMN);
                assertThat(e.getMessage())
                    .contains("column at 1:22: column 'unit_cost' is not allowed on product");
              });
      // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
      // tag::check[]
      SqlPolicy.Decision d = fieldEngineer.check("SELECT * FROM pg_catalog.pg_user; DROP TABLE product");
      d.accepted();        // false
      d.violations();      // [single-statement at 1:35: more than one statement; ...]
      // end::check[]
      // spotless:on
      assertThat(d.accepted()).isFalse();
      assertThat(d.violations().get(0).toString()).startsWith("single-statement at 1:35:");
    }
  }
}
