package dev.runway.redshift;

import dev.runway.core.engine.PollingPolicy;
import dev.runway.core.query.DatabaseClient;
import dev.runway.testkit.DatabaseClientContract;
import dev.runway.testkit.EngineProbe;
import dev.runway.testkit.aws.RedshiftDataFixture;
import java.time.Duration;

/**
 * The database contract on {@link RedshiftDataApiClient}, through the real AWS SDK to the Redshift
 * Data API protocol fixture (Serverless workgroup), with pages of 100 rows so that the streaming
 * test crosses 250 pages.
 */
class RedshiftDataApiContractTest extends DatabaseClientContract {

  private RedshiftDataFixture fixture;

  @Override
  protected DatabaseClient createClient() {
    fixture = new RedshiftDataFixture();
    fixture.pageSize(100);
    return RedshiftClients.dataApi()
        .client(RedshiftTestClients.dataApi(fixture, true))
        .workgroup("analytics")
        .database("dev")
        .polling(new PollingPolicy(Duration.ofMillis(10), 1.5, Duration.ofMillis(200), 0.2))
        .build();
  }

  @Override
  protected EngineProbe engineProbe() {
    return () -> fixture.engine().active();
  }

  @Override
  protected String slowQuery() {
    return "/* fixture:sleep=60000 */ SELECT 1";
  }

  @Override
  protected void closeClient(DatabaseClient db) {
    db.close();
    fixture.close();
  }
}
