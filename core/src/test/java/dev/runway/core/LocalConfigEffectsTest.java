package dev.runway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.local.UsersFile;
import dev.runway.core.query.Query;
import dev.runway.core.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each key of the local components' configuration has the effect it names, observed on the
 * component built from it (not on the parsed configuration), and each bound is checked at its edge.
 */
class LocalConfigEffectsTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String SECRET = "s".repeat(32);

  @TempDir Path dir;

  private final TestClock clock = new TestClock();

  private Runway runway(String yaml) {
    return Runway.fromConfig(RunwayConfig.parse(yaml, dir, Map.of(), new Properties()), clock);
  }

  private void users() {
    UsersFile.empty()
        .withUser("maria", PASSWORD.toCharArray(), List.of("analyst"), null, 4)
        .save(dir.resolve("users.json"));
  }

  @Test
  void localAuth_everyKeyTakesEffect() {
    users();
    String cfg =
        "auth: { type: local, local: { users-file: users.json, token-ttl: 7m, refresh-token-ttl: 1h,"
            + " token-secret: \""
            + SECRET
            + "\", issuer: acme, max-failures: 2, lockout: 10s, lockout-max: 15s,"
            + " password-cost: 5 } }";
    try (Runway a = runway(cfg);
        Runway b = runway(cfg)) {
      AuthResult.Authenticated ok =
          (AuthResult.Authenticated) a.auth().authenticate("maria", PASSWORD);
      assertThat(ok.tokens().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(7)));
      // the same secret and issuer: the other instance verifies the token
      assertThat(b.auth().verify(ok.tokens().accessToken()).username()).isEqualTo("maria");
      assertThat(a.auth().toString()).contains("issuer=acme");
      // two failures lock for 10 s, the next lock doubles but stops at 15 s
      a.auth().authenticate("maria", "wrong");
      a.auth().authenticate("maria", "wrong");
      assertThat(((AuthResult.Failed) a.auth().authenticate("maria", PASSWORD)).code())
          .isEqualTo(FailureCode.ACCOUNT_LOCKED);
      clock.advance(Duration.ofSeconds(10));
      assertThat(a.auth().authenticate("maria", PASSWORD))
          .isInstanceOf(AuthResult.Authenticated.class);
      // the refresh token lives an hour
      String refresh = ok.tokens().refreshToken();
      clock.advance(Duration.ofMinutes(59));
      AuthResult refreshed = a.auth().refresh(refresh);
      assertThat(refreshed).isInstanceOf(AuthResult.Authenticated.class);
      String again = ((AuthResult.Authenticated) refreshed).tokens().refreshToken();
      clock.advance(Duration.ofHours(1).plusSeconds(1));
      assertThat(((AuthResult.Failed) a.auth().refresh(again)).code())
          .isEqualTo(FailureCode.INVALID_REFRESH_TOKEN);
    }
    // another secret: the token is refused
    try (Runway a = runway(cfg);
        Runway other = runway(cfg.replace(SECRET, "t".repeat(32)))) {
      AuthResult.Authenticated ok =
          (AuthResult.Authenticated) a.auth().authenticate("maria", PASSWORD);
      assertThatThrownBy(() -> other.auth().verify(ok.tokens().accessToken()))
          .isInstanceOf(dev.runway.core.auth.TokenVerificationException.class);
    }
  }

  @Test
  void localAuth_boundsAtTheirEdges() {
    users();
    String base = "auth: { type: local, local: { users-file: users.json, %s } }";
    assertThatThrownBy(() -> runway(base.formatted("token-secret: \"" + "s".repeat(31) + "\"")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("auth.local.token-secret")
        .hasMessageContaining("at least 32 bytes")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sssss"));
    runway(base.formatted("token-secret: \"" + "s".repeat(32) + "\"")).close();
    assertThatThrownBy(() -> runway(base.formatted("max-failures: 0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("auth.local.max-failures");
    runway(base.formatted("max-failures: 1")).close();
    assertThatThrownBy(() -> runway("auth: { type: local, local: { users-file: missing.json } }"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("auth.local.users-file")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> runway("auth: { type: local, local: { token-ttl: 5m } }"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("auth.local.users-file")
        .hasMessageContaining("is required");
  }

  @Test
  void database_embeddedPathAndInitSql_jdbcEngine() throws Exception {
    try (Runway rw =
        runway(
            "database: { type: embedded, embedded: { path: data/sub/analytics.duckdb,"
                + " init-sql: \"CREATE TABLE IF NOT EXISTS t AS SELECT 42 AS n\" } }")) {
      assertThat(
              rw.database()
                  .execute(Query.builder("SELECT n FROM t").cacheable(false).build())
                  .rows()
                  .get(0)
                  .get(0))
          .isEqualTo(42);
    }
    assertThat(Files.isRegularFile(dir.resolve("data/sub/analytics.duckdb"))).isTrue();
    try (Runway rw = runway("database: { type: embedded, embedded: { path: \":memory:\" } }")) {
      assertThat(rw.rawDatabase().engine()).isEqualTo("duckdb");
    }
    assertThat(Files.exists(dir.resolve(":memory:"))).isFalse();
    try (Runway rw =
        runway("database: { type: jdbc, jdbc: { url: \"jdbc:duckdb:\", engine: analytics } }")) {
      assertThat(rw.rawDatabase().engine()).isEqualTo("analytics");
      assertThat(rw.database().execute(Query.of("SELECT 1 AS one")).rows()).hasSize(1);
    }
    assertThatThrownBy(() -> runway("database: { type: jdbc, jdbc: { url: \"duckdb:\" } }"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database.jdbc.url")
        .hasMessageContaining("must start with 'jdbc:'");
  }

  @Test
  void cacheAndSessions_sizesAndTtls() {
    assertThatThrownBy(() -> runway("cache: { type: local, local: { max-size: 0 } }"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cache.local.max-size")
        .hasMessageContaining("must be positive");
    try (Runway rw =
        runway("sessions: { type: memory, ttl: 10m, memory: { purge-interval: 30s } }")) {
      Session s = rw.sessions().create("maria", null, Map.of());
      assertThat(s.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
      assertThat(rw.sessions().ttl()).isEqualTo(Duration.ofMinutes(10));
    }
    try (Runway rw = runway("cache: { type: none }")) {
      rw.database().execute("SELECT 1");
      rw.database().execute("SELECT 1");
      assertThat(rw.cache().stats().hits()).isZero();
    }
    try (Runway rw = runway("cache: { type: local, ttl: 1m, local: { max-size: 1MB } }")) {
      rw.database().execute("SELECT 1");
      rw.database().execute("SELECT 1");
      assertThat(rw.cache().stats().hits()).isEqualTo(1);
      assertThat(rw.cache().name()).isEqualTo("caffeine");
    }
  }
}
