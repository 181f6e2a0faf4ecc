package dev.runway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import dev.runway.examples.assistant.PersonaQueries;
import dev.runway.examples.assistant.SupplyChainData;
import dev.runway.migrate.RoutingDatabaseClient;
import dev.runway.testkit.aws.AthenaFixture;
import dev.runway.testkit.aws.RedshiftDataFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The shipped hybrid configuration on the Athena and Redshift Data API protocol fixtures, through
 * the real AWS SDK: the Warehouse Manager's questions go to Redshift, the others to Athena, and
 * when Redshift stops answering Athena does.
 */
class HybridRoutingTest {

  @Test
  void shippedHybridConfig_routesPersonaQuestions_andFallsBack() throws Exception {
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    try (AthenaFixture athena = new AthenaFixture();
        RedshiftDataFixture redshift = new RedshiftDataFixture()) {
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
      new SupplyChainData(athena.engine().database(), 1, quiet).generate();
      new SupplyChainData(redshift.engine().database(), 1, quiet).generate();
      Map<String, String> env =
          Map.of(
              "ATHENA_ENDPOINT",
              athena.endpoint().toString(),
              "ATHENA_S3_ENDPOINT",
              athena.endpoint().toString(),
              "REDSHIFT_DATA_ENDPOINT",
              redshift.endpoint().toString());
      RunwayConfig config =
          RunwayConfig.load(Path.of("..", "config", "runway-hybrid.yaml"), env, new Properties());
      try (Runway rw = Runway.fromConfig(config)) {
        for (PersonaQueries.Persona p : PersonaQueries.all()) {
          for (PersonaQueries.Question q : p.questions()) {
            Query query = q.query().toBuilder().cacheable(false).build();
            QueryResult r = rw.database().execute(query);
            assertThat(r.stats().engine())
                .as(q.query().label().orElseThrow())
                .isEqualTo(p.name().equals("Warehouse Manager") ? "redshift" : "athena");
          }
        }
        assertThat(redshift.calls("ExecuteStatement")).isEqualTo(3);
        assertThat(athena.calls("StartQueryExecution")).isEqualTo(6);

        RoutingDatabaseClient routing = (RoutingDatabaseClient) rw.rawDatabase();
        redshift.close(); // Redshift gone: its dashboard questions are answered by Athena
        QueryResult r =
            rw.database()
                .execute(
                    PersonaQueries.all().get(0).questions().get(0).query().toBuilder()
                        .cacheable(false)
                        .timeout(Duration.ofSeconds(30))
                        .build());
        assertThat(r.stats().engine()).isEqualTo("athena");
        assertThat(routing.stats().get(0).fallbacks()).isEqualTo(1);
      }
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
