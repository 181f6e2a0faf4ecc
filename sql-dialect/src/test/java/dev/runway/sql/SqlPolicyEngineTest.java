package dev.runway.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.athena.AthenaDatabaseClient;
import dev.runway.core.engine.PollingPolicy;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.redshift.RedshiftClients;
import dev.runway.testkit.ObservedDataSource;
import dev.runway.testkit.PostgresServer;
import dev.runway.testkit.aws.AthenaFixture;
import dev.runway.testkit.aws.RedshiftDataFixture;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;

/**
 * The policy's corpora on every engine it guards: each legitimate query runs, and no refused
 * statement reaches the engine, which is observed (statements the JDBC driver was asked to execute;
 * executions the Athena and Redshift Data API fixtures started), not the guard's own word.
 */
class SqlPolicyEngineTest {

  @Test
  void duckDb() throws Exception {
    try (ObservedDataSource ds = ObservedDataSource.duckDbInMemory();
        JdbcDatabaseClient db =
            JdbcDatabaseClient.builder().dataSource(ds).engine("duckdb").build()) {
      proveOn(db, ds::executions);
    }
  }

  @Test
  void postgresqlAsTheRedshiftJdbcMode() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      PGSimpleDataSource raw = new PGSimpleDataSource();
      raw.setUrl(pg.jdbcUrl());
      raw.setUser(pg.user());
      try (ObservedDataSource ds = ObservedDataSource.wrap(raw);
          JdbcDatabaseClient db =
              JdbcDatabaseClient.builder().dataSource(ds).engine("postgresql").build()) {
        proveOn(db, ds::executions);
      }
    }
  }

  @Test
  void athenaThroughItsApi() {
    try (AthenaFixture fixture = new AthenaFixture()) {
      for (String stmt : PolicyCorpus.resource("/policy/schema.sql").split(";\n")) {
        if (!stmt.isBlank()) {
          fixture.engine().database().execute(stmt);
        }
      }
      AthenaClient client =
          AthenaClient.builder()
              .endpointOverride(fixture.endpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create("fixture", "fixture")))
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .build();
      try (AthenaDatabaseClient athena =
          AthenaDatabaseClient.builder()
              .athenaClient(client)
              .database("runway")
              .workgroup("primary")
              .outputLocation("s3://results/policy/")
              .polling(new PollingPolicy(Duration.ofMillis(5), 1.5, Duration.ofMillis(100), 0.2))
              .build()) {
        prove(athena, () -> fixture.engine().submitted());
      }
    }
  }

  @Test
  void redshiftThroughTheDataApi() {
    try (RedshiftDataFixture fixture = new RedshiftDataFixture()) {
      for (String stmt : PolicyCorpus.resource("/policy/schema.sql").split(";\n")) {
        if (!stmt.isBlank()) {
          fixture.engine().database().execute(stmt);
        }
      }
      RedshiftDataClient client =
          RedshiftDataClient.builder()
              .endpointOverride(fixture.endpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create("fixture", "fixture")))
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .build();
      try (DatabaseClient redshift =
          RedshiftClients.dataApi()
              .client(client)
              .workgroup("analytics")
              .database("dev")
              .polling(new PollingPolicy(Duration.ofMillis(5), 1.5, Duration.ofMillis(100), 0.2))
              .build()) {
        prove(redshift, () -> fixture.engine().submitted());
      }
    }
  }

  private static void proveOn(JdbcDatabaseClient db, IntSupplier executions) {
    for (String stmt : PolicyCorpus.resource("/policy/schema.sql").split(";\n")) {
      if (!stmt.isBlank()) {
        db.execute(stmt);
      }
    }
    prove(db, executions);
  }

  private static void prove(DatabaseClient engine, IntSupplier executions) {
    DatabaseClient guarded = PolicyCorpus.policy().guard(engine);
    int legitimate = 0;
    for (PolicyCorpus.Case c : PolicyCorpus.legitimate()) {
      int before = executions.getAsInt();
      guarded.execute(c.sql());
      assertThat(executions.getAsInt())
          .as("%s reached %s", c, engine.engine())
          .isGreaterThan(before);
      legitimate++;
    }
    int before = executions.getAsInt();
    int refused = 0;
    for (PolicyCorpus.Case c : PolicyCorpus.attacks()) {
      assertThatThrownBy(() -> guarded.execute(c.sql()))
          .as(c.toString())
          .isInstanceOf(SqlPolicyViolationException.class);
      refused++;
    }
    assertThat(executions.getAsInt())
        .as("statements the engine received while the attacks were refused")
        .isEqualTo(before);
    System.out.printf(
        "SQL policy on %s: attacks refused %d/%d with none reaching the engine, legitimate run %d/%d%n",
        engine.engine(),
        refused,
        PolicyCorpus.attacks().size(),
        legitimate,
        PolicyCorpus.legitimate().size());
  }
}
