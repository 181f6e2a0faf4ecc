package dev.runway.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.health.Health;
import dev.runway.core.query.Query;
import dev.runway.testkit.aws.AthenaFixture;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code database.type: athena} from runway.yaml, against the protocol fixture. */
class AthenaConfigTest {

  private AthenaFixture fixture;

  @BeforeEach
  void start() {
    fixture = new AthenaFixture();
    System.setProperty("aws.accessKeyId", "fixture");
    System.setProperty("aws.secretAccessKey", "fixture");
  }

  @AfterEach
  void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    fixture.close();
  }

  private RunwayConfig config(String athenaSection) {
    return RunwayConfig.parse(
        """
        database:
          type: athena
          athena: { %s }
        """
            .formatted(athenaSection),
        Path.of("."),
        Map.of(),
        new Properties());
  }

  @Test
  @DisplayName(
      "database.type: athena runs queries through the cache to the fixture, reading results from S3")
  void yaml_athena_works() {
    String section =
        "region: us-east-1, endpoint: \"%s\", s3-endpoint: \"%s\", database: supply_chain, "
            + "workgroup: primary, output-location: \"s3://results/yaml/\", result-fetch: s3, poll-initial: 20ms";
    try (Runway rw =
        Runway.fromConfig(config(section.formatted(fixture.endpoint(), fixture.endpoint())))) {
      assertThat(rw.database().engine()).isEqualTo("athena");
      var r = rw.database().execute(Query.builder("SELECT :n + 1 AS n").param("n", 41).build());
      assertThat(r.row(0).getLong("n")).isEqualTo(42L);
      var again = rw.database().execute(Query.builder("SELECT :n + 1 AS n").param("n", 41).build());
      assertThat(again.stats().fromCache()).isTrue();
      assertThat(fixture.calls("StartQueryExecution")).isEqualTo(1);
      assertThat(rw.health().components())
          .anyMatch(h -> h.component().equals("database:athena") && h.status() == Health.Status.UP);
    }
  }

  @Test
  @DisplayName("bad Athena settings fail at start, naming the key")
  void yaml_badSettings_failAtStart() {
    assertThatThrownBy(() -> Runway.fromConfig(config("output-location: \"https://bucket/x\"")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.athena.output-location")
        .hasMessageContaining("s3://");
    assertThatThrownBy(() -> Runway.fromConfig(config("profile: no-such-profile-for-runway")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.athena.profile")
        .hasMessageContaining("no-such-profile-for-runway");
    assertThatThrownBy(() -> Runway.fromConfig(config("result-fetch: ftp")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("result-fetch");
    assertThatThrownBy(() -> Runway.fromConfig(config("page-size: 5000")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("page-size")
        .hasMessageContaining("1000");
    assertThatThrownBy(() -> Runway.fromConfig(config("encryption: SSE_KMS")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("KMS key");
    assertThatThrownBy(() -> Runway.fromConfig(config("wrokgroup: x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("wrokgroup");
    assertThat(fixture.calls("StartQueryExecution")).isZero();
  }
}
