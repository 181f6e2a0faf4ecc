package dev.runway.athena;

import dev.runway.core.engine.PollingPolicy;
import dev.runway.core.query.DatabaseClient;
import dev.runway.testkit.DatabaseClientContract;
import dev.runway.testkit.EngineProbe;
import dev.runway.testkit.aws.AthenaFixture;
import java.time.Duration;

/**
 * The database contract on {@link AthenaDatabaseClient}, through the real AWS SDK to the Athena
 * protocol fixture; subclasses choose how results are read.
 */
abstract class AthenaContractBase extends DatabaseClientContract {
  private AthenaFixture fixture;

  abstract AthenaDatabaseClient.ResultFetch fetch();

  @Override
  protected DatabaseClient createClient() {
    fixture = new AthenaFixture();
    AthenaDatabaseClient.Builder b =
        AthenaDatabaseClient.builder()
            .athenaClient(AthenaTestClients.athena(fixture, true))
            .database("runway")
            .workgroup("primary")
            .outputLocation("s3://results/contract/")
            .polling(new PollingPolicy(Duration.ofMillis(10), 1.5, Duration.ofMillis(200), 0.2))
            .resultFetch(fetch());
    if (fetch() != AthenaDatabaseClient.ResultFetch.API) {
      // 1 KiB ranges, three ahead: the contract's larger results cross many range boundaries
      b.s3Client(AthenaTestClients.s3(fixture)).s3RangedGets(1024, 3);
    }
    return b.build();
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
