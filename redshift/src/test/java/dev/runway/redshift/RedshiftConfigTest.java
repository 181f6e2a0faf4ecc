package dev.runway.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.query.Query;
import dev.runway.testkit.PostgresServer;
import dev.runway.testkit.aws.RedshiftDataFixture;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code database.type: redshift} from runway.yaml, in both modes. */
class RedshiftConfigTest {

  private static RunwayConfig config(String section) {
    return RunwayConfig.parse(
        """
        database:
          type: redshift
          redshift: { %s }
        """
            .formatted(section),
        Path.of("."),
        Map.of(),
        new Properties());
  }

  @Test
  @DisplayName("mode data-api against the fixture")
  void dataApi() {
    System.setProperty("aws.accessKeyId", "fixture");
    System.setProperty("aws.secretAccessKey", "fixture");
    try (RedshiftDataFixture fixture = new RedshiftDataFixture();
        Runway rw =
            Runway.fromConfig(
                config(
                    "region: us-east-1, endpoint: \""
                        + fixture.endpoint()
                        + "\", database: dev, workgroup: analytics, poll-initial: 20ms"))) {
      assertThat(rw.database().engine()).isEqualTo("redshift");
      assertThat(
              rw.database()
                  .execute(Query.builder("SELECT :x AS x").param("x", "hi").build())
                  .row(0)
                  .getString("x"))
          .isEqualTo("hi");
      assertThat(fixture.calls("ExecuteStatement")).isEqualTo(1);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  @DisplayName("mode jdbc against a real PostgreSQL server")
  void jdbc() {
    try (PostgresServer pg = PostgresServer.start();
        Runway rw =
            Runway.fromConfig(
                config(
                    "mode: jdbc, url: \""
                        + pg.jdbcUrl()
                        + "\", user: postgres, "
                        + "password: not-checked"))) {
      assertThat(rw.database().engine()).isEqualTo("redshift");
      assertThat(
              rw.database()
                  .execute("SELECT current_setting('server_version_num')::int >= 100000 AS ok")
                  .row(0)
                  .getBoolean("ok"))
          .isTrue();
    }
  }

  @Test
  @DisplayName(
      "bad Redshift settings fail at start, naming the key and the fix; secrets stay out of messages")
  void badSettings() {
    assertThatThrownBy(() -> Runway.fromConfig(config("database: dev")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("workgroup")
        .hasMessageContaining("cluster-identifier");
    assertThatThrownBy(() -> Runway.fromConfig(config("database: dev, workgroup: w, db-user: u")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("db-user");
    assertThatThrownBy(() -> Runway.fromConfig(config("database: dev, cluster-identifier: c")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database user");
    assertThatThrownBy(() -> Runway.fromConfig(config("workgroup: w")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database");
    assertThatThrownBy(
            () ->
                Runway.fromConfig(
                    config("mode: jdbc, url: \"jdbc:mysql://h/db?password=hunter2\"")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("jdbc:redshift:")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () ->
                Runway.fromConfig(
                    config("mode: jdbc, url: \"jdbc:redshift://h:5439/dev\", workgroup: w")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("workgroup")
        .hasMessageContaining("mode jdbc");
  }
}
