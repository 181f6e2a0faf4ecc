package dev.runway.examples.extending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last step of the walk-through: the factory registered in META-INF/services is found by type.
 */
class ImplementingRegistrationTest {

  @Test
  @DisplayName(
      "cache.type: map builds the walk-through's cache, and the database is served from it")
  void configuredType_buildsOwnCache(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("runway.yaml");
    Files.writeString(file, "cache: { type: map, map: { default-ttl: 2m } }\n");
    try (Runway rw = Runway.fromConfig(RunwayConfig.load(file, Map.of(), new Properties()))) {
      assertThat(rw.cache()).isInstanceOf(MapQueryCache.class);
      Query q = Query.of("SELECT 42 AS answer");
      QueryResult first = rw.database().execute(q);
      QueryResult second = rw.database().execute(q);
      assertThat(first.stats().fromCache()).isFalse();
      assertThat(second.stats().fromCache()).isTrue();
      assertThat(second.row(0).getLong("answer")).isEqualTo(42L);
      assertThat(rw.cache().stats().hits()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a bad value of the new type's key is refused at start with the full key")
  void badValue_namesFullKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("runway.yaml");
    Files.writeString(file, "cache: { type: map, map: { default-ttl: soon } }\n");
    assertThatThrownBy(() -> Runway.fromConfig(RunwayConfig.load(file, Map.of(), new Properties())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cache.map.default-ttl");
  }
}
