package dev.runway.redshift;

import dev.runway.core.query.DatabaseClient;
import dev.runway.testkit.DatabaseClientContract;
import org.junit.jupiter.api.Assumptions;

/**
 * The database contract against a real Redshift Serverless workgroup through the Data API, only
 * where configured: {@code RUNWAY_LIVE_REDSHIFT_WORKGROUP} and {@code
 * RUNWAY_LIVE_REDSHIFT_DATABASE} (default {@code dev}), with credentials and region from the SDK's
 * chains. LocalStack serves the Data API only in its paid edition, so there is no Docker variant.
 * Otherwise skipped, with the reason printed.
 */
class RedshiftLiveTest extends DatabaseClientContract {

  @Override
  protected DatabaseClient createClient() {
    String workgroup = System.getenv("RUNWAY_LIVE_REDSHIFT_WORKGROUP");
    if (workgroup == null) {
      String reason =
          "SKIPPED live Redshift tests: RUNWAY_LIVE_REDSHIFT_WORKGROUP is not set (set it, with AWS "
              + "credentials and region, to run them against a real Serverless workgroup)";
      System.err.println(reason);
      Assumptions.abort(reason);
    }
    return RedshiftClients.dataApi()
        .workgroup(workgroup)
        .database(System.getenv().getOrDefault("RUNWAY_LIVE_REDSHIFT_DATABASE", "dev"))
        .build();
  }

  @Override
  protected String slowQuery() {
    return "SELECT count(*) FROM stv_blocklist a CROSS JOIN stv_blocklist b CROSS JOIN stv_blocklist c";
  }

  @Override
  protected String sequenceSql(int n) {
    return "WITH RECURSIVE t(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM t WHERE i < "
        + n
        + ") "
        + "SELECT i FROM t ORDER BY i";
  }
}
