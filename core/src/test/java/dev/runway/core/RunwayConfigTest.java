package dev.runway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.error.ConfigurationException;
import dev.runway.core.local.UsersFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunwayConfigTest {

  private static final String SEED =
      """
      database:
        type: athena
        athena:   { database: supply_chain_athena, output-location: "s3://bucket/athena-results/", workgroup: supply-chain-production, region: us-east-1 }
        redshift: { workgroup-name: supply-chain-mvp, database: supply_chain_db }
      cache:    { type: redis, ttl: 5m, redis: { uri: "rediss://${REDIS_HOST}:6379" } }
      sessions: { type: dynamodb, ttl: 1h, dynamodb: { table: supply-chain-sessions, history-table: supply-chain-conversations } }
      auth:     { type: cognito, cognito: { user-pool-id: us-east-1_X, client-id: abc } }
      """;

  private static RunwayConfig parse(String yaml, Map<String, String> env) {
    return RunwayConfig.parse(yaml, Path.of("."), env, new Properties());
  }

  @Test
  void parse_seedShape_interpolatesVariables() {
    RunwayConfig c = parse(SEED, Map.of("REDIS_HOST", "cache.internal"));
    assertThat(c.root().section("cache").section("redis").requireString("uri"))
        .isEqualTo("rediss://cache.internal:6379");
    assertThat(c.root().section("cache").duration("ttl")).contains(Duration.ofMinutes(5));
    assertThat(c.root().section("database").section("athena").requireString("output-location"))
        .isEqualTo("s3://bucket/athena-results/");
  }

  @Test
  void parse_unsetVariable_namesKeyAndVariable() {
    assertThatThrownBy(() -> parse(SEED, Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cache.redis.uri")
        .hasMessageContaining("${REDIS_HOST}");
    RunwayConfig withDefault = parse("cache: { local: { max-size: \"${SIZE:-64MB}\" } }", Map.of());
    assertThat(withDefault.root().section("cache").section("local").bytes("max-size"))
        .contains(64L << 20);
  }

  @Test
  void environmentOverride_rollsBackByOneVariable() {
    RunwayConfig c =
        parse(
            "database: { type: athena }\ncache: { type: local, ttl: 5m }",
            Map.of("RUNWAY_DATABASE_TYPE", "embedded", "RUNWAY_CACHE_TTL", "30s"));
    assertThat(c.root().section("database").requireString("type")).isEqualTo("embedded");
    assertThat(c.root().section("cache").duration("ttl")).contains(Duration.ofSeconds(30));
  }

  @Test
  void systemProperty_beatsEnvironment_andReachesNestedHyphenatedKeys() {
    Properties p = new Properties();
    p.setProperty("runway.database.type", "jdbc");
    p.setProperty("runway.auth.local.token-ttl", "2m");
    RunwayConfig c =
        RunwayConfig.parse(
            "database: { type: embedded }",
            Path.of("."),
            Map.of("RUNWAY_DATABASE_TYPE", "athena", "RUNWAY_SESSIONS_MEMORY_PURGE_INTERVAL", "5s"),
            p);
    assertThat(c.root().section("database").requireString("type")).isEqualTo("jdbc");
    assertThat(c.root().section("auth").section("local").duration("token-ttl"))
        .contains(Duration.ofMinutes(2));
    assertThat(c.root().section("sessions").section("memory").duration("purge-interval"))
        .contains(Duration.ofSeconds(5));
    assertThat(RunwayConfig.envName("cache.redis.auth-token"))
        .isEqualTo("RUNWAY_CACHE_REDIS_AUTH_TOKEN");
  }

  @Test
  void invalidYaml_isConfigurationErrorWithLine() {
    assertThatThrownBy(() -> parse("database: [unclosed", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("line");
  }

  @Test
  void fromConfig_unknownTopLevelKey_namesItAndAllowed() {
    assertThatThrownBy(() -> Runway.fromConfig(parse("databse: { type: embedded }", Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("databse")
        .hasMessageContaining(
            "allowed here: auth, cache, coordination, database, resilience, sessions");
  }

  @Test
  void fromConfig_unknownType_listsKnownTypes() {
    assertThatThrownBy(() -> Runway.fromConfig(parse("database: { type: oracle }", Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.type")
        .hasMessageContaining("'oracle'")
        .hasMessageContaining("athena")
        .hasMessageContaining("embedded");
  }

  @Test
  void fromConfig_moduleTypeMissing_namesArtifact() {
    assertThatThrownBy(() -> Runway.fromConfig(parse("database: { type: athena }", Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dev.runway:runway-athena")
        .hasMessageContaining("runway-bom");
    assertThatThrownBy(() -> Runway.fromConfig(parse("cache: { type: redis }", Map.of())))
        .hasMessageContaining("runway-cache-redis");
  }

  @Test
  void fromConfig_malformedDuration_namesKeyAndFormat() {
    assertThatThrownBy(
            () -> Runway.fromConfig(parse("cache: { type: local, ttl: 5 minutes }", Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cache.ttl")
        .hasMessageContaining("5m");
  }

  @Test
  void fromConfig_unknownKeyInTypeSection_namesAllowedKeys() {
    // (max_size would be read as max-size: snake_case spellings are accepted)
    assertThatThrownBy(
            () ->
                Runway.fromConfig(
                    parse("cache: { type: local, local: { maxsize: 1MB } }", Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cache.local.maxsize")
        .hasMessageContaining("max-size");
  }

  @Test
  void fromConfig_missingRequiredKey_failsBeforeAnythingIsCreated() {
    // jdbc needs a url; the error comes from configure(), before the embedded cache or sessions
    // exist
    assertThatThrownBy(() -> Runway.fromConfig(parse("database: { type: jdbc }", Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.jdbc.url")
        .hasMessageContaining("required");
  }

  @Test
  void secrets_neverAppearInToStringOrErrors(@TempDir Path dir) throws Exception {
    String password = "pg-Pa55word-never-print";
    String secret = "token-secret-never-print-0123456789abcdef";
    RunwayConfig c =
        RunwayConfig.parse(
            """
        database: { type: jdbc, jdbc: { url: "jdbc:postgresql://db:5432/x", user: app, password: "${PGPASS}" } }
        auth: { type: local, local: { users-file: users.json, token-secret: "${SECRET}", max-failures: lots } }
        """,
            dir,
            Map.of("PGPASS", password, "SECRET", secret),
            new Properties());
    assertThat(c.toString())
        .doesNotContain(password)
        .doesNotContain(secret)
        .contains("password=***");
    UsersFile.empty()
        .withUser("a", "pw-123456".toCharArray(), List.of(), null, 4)
        .save(dir.resolve("users.json"));
    assertThatThrownBy(() -> Runway.fromConfig(c))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("auth.local.max-failures")
        .hasMessageNotContaining(secret)
        .hasMessageNotContaining(password);
    RunwayConfig badSecret =
        RunwayConfig.parse(
            "auth: { type: local, local: { users-file: users.json, token-secret: \"${SECRET}\" } }",
            dir,
            Map.of("SECRET", "short-but-secret"),
            new Properties());
    assertThatThrownBy(() -> Runway.fromConfig(badSecret))
        .hasMessageContaining("auth.local.token-secret")
        .hasMessageNotContaining("short-but-secret");
    assertThat(Files.exists(dir.resolve("users.json"))).isTrue();
  }
}
