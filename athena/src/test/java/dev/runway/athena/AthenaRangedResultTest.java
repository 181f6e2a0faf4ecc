package dev.runway.athena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.engine.PollingPolicy;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.testkit.aws.AthenaFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A result file read as parallel byte ranges comes back row for row as the API pages give it,
 * including NULL and '' and values that straddle range boundaries; one GET per range.
 */
class AthenaRangedResultTest {

  private static final String SQL =
      "SELECT i, CASE WHEN i % 7 = 0 THEN NULL WHEN i % 7 = 1 THEN '' "
          + "ELSE 'line \"' || i || '\",\n' END AS label, CAST(i AS DECIMAL(12,2)) / 4 AS amount "
          + "FROM range(0, 20000) t(i) ORDER BY i";

  private static AthenaDatabaseClient client(
      AthenaFixture fixture, AthenaDatabaseClient.ResultFetch fetch) {
    AthenaDatabaseClient.Builder b =
        AthenaDatabaseClient.builder()
            .athenaClient(AthenaTestClients.athena(fixture, true))
            .database("runway")
            .workgroup("primary")
            .outputLocation("s3://results/ranged/")
            .polling(new PollingPolicy(Duration.ofMillis(10), 1.5, Duration.ofMillis(200), 0.2))
            .resultFetch(fetch);
    if (fetch == AthenaDatabaseClient.ResultFetch.S3) {
      b.s3Client(AthenaTestClients.s3(fixture)).s3RangedGets(4096, 4);
    }
    return b.build();
  }

  @Test
  void rangedResult_equalsTheApiPages_rowForRow() {
    try (AthenaFixture fixture = new AthenaFixture();
        AthenaDatabaseClient api = client(fixture, AthenaDatabaseClient.ResultFetch.API);
        AthenaDatabaseClient s3 = client(fixture, AthenaDatabaseClient.ResultFetch.S3)) {
      QueryResult expected = api.execute(Query.builder(SQL).cacheable(false).build());
      fixture.resetCalls();
      QueryResult ranged = s3.execute(Query.builder(SQL).cacheable(false).build());
      assertThat(ranged.size()).isEqualTo(20_000);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(ranged.row(i).get(1)).as("row " + i).isEqualTo(expected.row(i).get(1));
        assertThat(ranged.row(i).get(2)).isEqualTo(expected.row(i).get(2));
      }
      assertThat(ranged.row(0).get(1)).isNull();
      assertThat(ranged.row(1).getString(1)).isEmpty();
      // the file is several hundred KiB: one GET per 4 KiB range
      assertThat(fixture.calls("S3:GetObject")).isGreaterThan(50);
    }
  }

  @Test
  void contentRange_givesTheSize() {
    assertThat(RangedObjectStream.sizeOf("bytes 0-4095/123456", 4096)).isEqualTo(123_456);
    assertThat(RangedObjectStream.sizeOf(null, 77)).as("the whole object came back").isEqualTo(77);
    assertThat(RangedObjectStream.sizeOf("bytes 0-9/*", 10)).isEqualTo(10);
  }
}
