package dev.runway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.error.ConfigurationException;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayException;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad configuration is a ConfigurationException naming the full key and the fix, found before
 * anything is created.
 */
class ConfigurationErrorsTest {

  private static RunwayConfig parse(String yaml, Path dir) {
    return RunwayConfig.parse(yaml, dir, Map.of(), new Properties());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cache.ttl | 99999999999999999999s | cache: { ttl: 99999999999999999999s }",
        "cache.ttl | 999999999999999999d | cache: { ttl: 999999999999999999d }",
        "cache.local.max-size | 99999999999999999999MB | cache: { type: local, local: { max-size: 99999999999999999999MB } }",
        "cache.local.max-size | 9000000000TB | cache: { type: local, local: { max-size: 9000000000TB } }",
        "sessions.memory.purge-interval | -1m | sessions: { type: memory, memory: { purge-interval: -1m } }",
        "sessions.memory.purge-interval | 0s | sessions: { type: memory, memory: { purge-interval: 0s } }"
      })
  @DisplayName("an out-of-range value is a ConfigurationException naming the full key")
  void badValue_namesFullKey(String key, String value, String yaml, @TempDir Path dir) {
    assertThatThrownBy(() -> Runway.fromConfig(parse(yaml, dir)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(key);
  }

  @Test
  @DisplayName("a refused value is found before the embedded database's directory is created")
  void badValue_nothingCreated(@TempDir Path dir) {
    String yaml =
        "database: { type: embedded, embedded: { path: data/supply.duckdb } }\n"
            + "sessions: { type: memory, memory: { purge-interval: -5s } }\n";
    assertThatThrownBy(() -> Runway.fromConfig(parse(yaml, dir)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sessions.memory.purge-interval");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  @DisplayName("a key given twice in one section is refused, naming it")
  void duplicateKey_isRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> parse("cache:\n  type: local\n  type: none\n", dir))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'type'")
        .hasMessageContaining("given twice")
        .hasMessageContaining("line 3");
  }

  @Test
  @DisplayName("a top-level list or value says what the file must look like")
  void topLevelShape_isExplained(@TempDir Path dir) {
    assertThatThrownBy(() -> parse("- database\n- cache\n", dir))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("must be a mapping of sections")
        .hasMessageContaining("not a list");
    assertThatThrownBy(() -> parse("just text\n", dir))
        .hasMessageContaining("must be a mapping of sections")
        .hasMessageContaining("not a single value");
  }

  @Test
  @DisplayName("a missing file says 'not found'")
  void missingFile_saysNotFound(@TempDir Path dir) {
    assertThatThrownBy(() -> RunwayConfig.load(dir.resolve("nope.yaml")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining("nope.yaml");
  }

  @Test
  @DisplayName("duckDb(path) creates a missing directory, as the YAML path does")
  void duckDb_missingDirectory_isCreated(@TempDir Path dir) {
    Path file = dir.resolve("data").resolve("supply.duckdb");
    try (JdbcDatabaseClient db = JdbcDatabaseClient.duckDb(file)) {
      QueryResult r = db.execute("SELECT 1 AS one");
      assertThat(r.row(0).getLong("one")).isEqualTo(1L);
    }
    assertThat(file).exists();
  }

  @Test
  @DisplayName("a DuckDB file that cannot be opened is the caller's error, not an internal one")
  void duckDb_unopenable_isUserError(@TempDir Path dir) throws Exception {
    Path notADatabase =
        Files.writeString(dir.resolve("notes.duckdb"), "these are not the bytes of a database");
    assertThatThrownBy(() -> JdbcDatabaseClient.duckDb(notADatabase))
        .isInstanceOfSatisfying(
            RunwayException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.USER_ERROR);
              assertThat(e.getMessage()).contains("notes.duckdb");
            });
  }

  @Test
  @DisplayName(
      "resilience.timeout applies with max-attempts 1 and no breaker: the policy is not skipped")
  void resilienceTimeout_alone_isApplied(@TempDir Path dir) {
    String yaml =
        "resilience: { max-attempts: 1, circuit-breaker-failures: 0, timeout: 300ms }\n"
            + "cache: { type: none }\n";
    try (Runway rw = Runway.fromConfig(parse(yaml, dir))) {
      assertThat(rw.resilience().isPassThrough()).isFalse();
      assertThat(rw.database()).isNotSameAs(rw.rawDatabase());
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  rw.database()
                      .execute(
                          Query.builder(
                                  "SELECT count(*) FROM range(0, 100000) a, range(0, 1000000) b WHERE (a.range * b.range) % 7 = 3")
                              .cacheable(false)
                              .build()))
          .isInstanceOf(RuntimeException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("stopped by the 300 ms timeout, not after minutes")
          .isLessThan(Duration.ofSeconds(30));
    }
    String none = "resilience: { max-attempts: 1, circuit-breaker-failures: 0 }\n";
    try (Runway rw = Runway.fromConfig(parse(none, dir))) {
      assertThat(rw.resilience().isPassThrough()).isTrue();
    }
  }
}
