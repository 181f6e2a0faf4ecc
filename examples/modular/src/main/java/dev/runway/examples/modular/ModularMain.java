package dev.runway.examples.modular;

import dev.runway.core.Runway;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.migrate.cost.WorkloadAdvisor;
import dev.runway.sql.Dialect;
import dev.runway.sql.SqlDialectChecker;

/**
 * Runs a query on the embedded defaults and names the module of each Runway type it used, so that a
 * test can see that they were loaded as named modules.
 */
public final class ModularMain {

  private ModularMain() {}

  /** Prints {@code answer=42} and one {@code module=} line per artifact used. */
  public static void main(String[] args) {
    try (Runway runway = Runway.local()) {
      QueryResult result = runway.database().execute(Query.of("SELECT 42 AS answer"));
      System.out.println("answer=" + result.rows().get(0).getLong("answer"));
    }
    SqlDialectChecker checker = SqlDialectChecker.between(Dialect.REDSHIFT, Dialect.ATHENA);
    System.out.println("findings=" + checker.check("SELECT GETDATE()").findings().size());
    for (Class<?> type :
        new Class<?>[] {
          Runway.class, WorkloadAdvisor.class, SqlDialectChecker.class, ModularMain.class
        }) {
      System.out.println(
          "module=" + type.getModule().getName() + " named=" + type.getModule().isNamed());
    }
  }
}
