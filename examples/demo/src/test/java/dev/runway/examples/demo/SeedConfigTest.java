package dev.runway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.athena.AthenaDatabaseClient;
import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.error.ConfigurationException;
import dev.runway.redshift.RedshiftDataApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration file of the migration guide (the migration guide, step 1.4), as written there
 * with its snake_case keys, loads and builds; and rolls back to Redshift by its one changed value.
 */
class SeedConfigTest {

  private static Path seedConfig(Path dir, String type) throws Exception {
    String text =
        new String(
            SeedConfigTest.class.getResourceAsStream("/seed/config.yaml").readAllBytes(),
            StandardCharsets.UTF_8);
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, type == null ? text : text.replace("type: athena", "type: " + type));
    return file;
  }

  private static Map<String, String> aws() {
    return Map.of("AWS_REGION", "us-east-1");
  }

  @Test
  @DisplayName("the seed's config.yaml loads as written and builds the Athena client it names")
  void seedConfig_asWritten_buildsAthena(@TempDir Path dir) throws Exception {
    RunwayConfig config = RunwayConfig.load(seedConfig(dir, null), aws(), new Properties());
    try (Runway rw = Runway.fromConfig(config)) {
      assertThat(rw.rawDatabase()).isInstanceOf(AthenaDatabaseClient.class);
      assertThat(rw.rawDatabase().toString())
          .contains("workgroup=supply-chain-production")
          .contains("database=supply_chain_athena")
          .contains("output=s3://your-bucket/athena-results/");
    }
  }

  @Test
  @DisplayName(
      "rolling back to Redshift is the one changed value; workgroup_name is read as workgroup")
  void seedConfig_rollback_buildsRedshift(@TempDir Path dir) throws Exception {
    // the seed's Redshift section names no region (a deployment has AWS_REGION); here the
    // documented system-property override supplies it
    Properties region = new Properties();
    region.setProperty("runway.database.redshift.region", "us-east-1");
    RunwayConfig config = RunwayConfig.load(seedConfig(dir, "redshift"), aws(), region);
    try (Runway rw = Runway.fromConfig(config)) {
      assertThat(rw.rawDatabase()).isInstanceOf(RedshiftDataApiClient.class);
      assertThat(rw.rawDatabase().toString())
          .contains("workgroup=supply-chain-mvp")
          .contains("database=supply_chain_db");
    }
  }

  @Test
  @DisplayName("the same key in two spellings is refused, naming both")
  void twoSpellings_areRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file, "database:\n  athena:\n    output_location: s3://a/\n    output-location: s3://b/\n");
    assertThatThrownBy(() -> RunwayConfig.load(file, aws(), new Properties()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.athena.output-location")
        .hasMessageContaining("output_location");
  }
}
