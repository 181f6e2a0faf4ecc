package dev.runway.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.migrate.CanaryDatabaseClient;
import dev.runway.migrate.ShadowDatabaseClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationMetricsTest {

  private static DatabaseClient seeded(String price, String code) {
    DatabaseClient db = JdbcDatabaseClient.embedded();
    db.execute("CREATE TABLE items (id INTEGER, price DECIMAL(10,2), code VARCHAR)");
    db.execute("INSERT INTO items VALUES (1, " + price + ", '" + code + "')");
    return db;
  }

  @Test
  void shadow_countsMatchesMismatchesAndForgivenByRule() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (ShadowDatabaseClient shadow =
        ShadowDatabaseClient.builder(seeded("5.00", "AB"), seeded("5.50", "AB   "))
            .recheckDelay(Duration.ZERO)
            .build()) {
      MigrationMetrics.shadow(shadow, "redshift-to-athena").bindTo(meters);
      shadow.execute(Query.of("SELECT id FROM items"));
      shadow.execute(Query.of("SELECT price FROM items"));
      shadow.execute(Query.of("SELECT code FROM items"));
      assertThat(shadow.awaitIdle(Duration.ofSeconds(30))).isTrue();
      assertThat(
              meters
                  .get("runway.shadow.comparisons")
                  .tag("migration", "redshift-to-athena")
                  .tag("result", "match")
                  .functionCounter()
                  .count())
          .isEqualTo(2);
      assertThat(
              meters
                  .get("runway.shadow.comparisons")
                  .tag("result", "persistent-mismatch")
                  .functionCounter()
                  .count())
          .isEqualTo(1);
      assertThat(
              meters
                  .get("runway.shadow.forgiven")
                  .tag("rule", "char-padding")
                  .functionCounter()
                  .count())
          .isEqualTo(1);
      assertThat(meters.get("runway.shadow.accuracy").gauge().value())
          .isCloseTo(2.0 / 3, within(1e-9));
    }
  }

  @Test
  void canary_shareAndRollbacks() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (CanaryDatabaseClient canary =
        CanaryDatabaseClient.builder(JdbcDatabaseClient.embedded(), JdbcDatabaseClient.embedded())
            .steps(List.of(25, 100))
            .stepInterval(Duration.ofHours(1))
            .build()) {
      MigrationMetrics.canary(canary, "athena-to-redshift").bindTo(meters);
      canary.execute(Query.of("SELECT 1"));
      assertThat(meters.get("runway.canary.share").gauge().value()).isEqualTo(canary.percent());
      canary.rollback();
      assertThat(meters.get("runway.canary.share").gauge().value()).isZero();
      assertThat(meters.get("runway.canary.rollbacks").functionCounter().count()).isZero();
      assertThat(canary.events()).isNotEmpty();
    }
  }
}
