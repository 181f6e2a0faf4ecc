package dev.runway.athena;

import dev.runway.core.query.DatabaseClient;
import dev.runway.testkit.DatabaseClientContract;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * The database contract against real Amazon Athena, only where configured: {@code
 * RUNWAY_LIVE_ATHENA_OUTPUT=s3://bucket/prefix/} (and optionally {@code
 * RUNWAY_LIVE_ATHENA_DATABASE}, {@code RUNWAY_LIVE_ATHENA_WORKGROUP}), with credentials and region
 * from the SDK's chains. LocalStack serves Athena only in its paid edition, so there is no Docker
 * variant. Otherwise skipped, with the reason printed. Athena cannot run the contract's INSERT into
 * a plain table, so the sample table is created as a CTAS-free VALUES view.
 */
class AthenaLiveTest extends DatabaseClientContract {

  @Override
  protected DatabaseClient createClient() {
    String output = System.getenv("RUNWAY_LIVE_ATHENA_OUTPUT");
    if (output == null) {
      String reason =
          "SKIPPED live Athena tests: RUNWAY_LIVE_ATHENA_OUTPUT is not set (set it to an "
              + "s3:// prefix, with AWS credentials and region, to run them against real Athena)";
      System.err.println(reason);
      Assumptions.abort(reason);
    }
    AthenaDatabaseClient.Builder b =
        AthenaDatabaseClient.builder()
            .outputLocation(output)
            .database(System.getenv().getOrDefault("RUNWAY_LIVE_ATHENA_DATABASE", "default"));
    String wg = System.getenv("RUNWAY_LIVE_ATHENA_WORKGROUP");
    if (wg != null) {
      b.workgroup(wg);
    }
    return b.build();
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.TIMEOUT, Capability.CANCEL, Capability.STREAM);
  }

  @Override
  protected void prepareSampleTable(DatabaseClient db) {
    db.execute(
        "CREATE OR REPLACE VIEW "
            + dev.runway.testkit.SampleData.TABLE
            + " AS SELECT * FROM (VALUES "
            + "(BIGINT '1', CAST('Pump' AS VARCHAR(100)), DECIMAL '19.99', 5, DOUBLE '0.5', TRUE, DATE '2026-01-02', "
            + "TIMESTAMP '2026-01-02 03:04:05', CAST(NULL AS VARCHAR(100))), "
            + "(BIGINT '2', 'Valve', DECIMAL '5.00', 12, DOUBLE '1.25', FALSE, DATE '2026-02-03', "
            + "TIMESTAMP '2026-02-03 04:05:06', ''), "
            + "(BIGINT '3', 'Filter', DECIMAL '7.10', 0, DOUBLE '2.0', TRUE, DATE '2026-03-04', "
            + "TIMESTAMP '2026-03-04 05:06:07', 'spare')) "
            + "AS t(id, name, price, qty, ratio, active, created, updated, note)");
  }

  @Override
  protected String slowQuery() {
    return "SELECT count(*) FROM UNNEST(sequence(1, 100000)) a(x) CROSS JOIN UNNEST(sequence(1, 100000)) b(y) "
        + "WHERE (x * y) % 7 = 3";
  }

  @Override
  protected String sequenceSql(int n) {
    return "SELECT i FROM UNNEST(sequence(1, " + n + ")) AS t(i) ORDER BY i";
  }
}
