package dev.runway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.local.InMemorySessionStore;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.Query;
import dev.runway.micrometer.RunwayObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of the README and of getting-started.md, run. */
class GettingStartedSnippets {

  @Test
  void threeWays(@TempDir Path dataDir) throws Exception {
    Path config = dataDir.resolve("runway.yaml");
    Files.writeString(config, "cache: { type: local, ttl: 2m }\n");
    // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
    // tag::three-ways[]
    Runway local = Runway.local();                                   // embedded defaults, zero config
    Runway fromFile = Runway.fromConfig(config);                     // runway.yaml + environment
    Runway explicit = Runway.builder()                               // explicit components
        .database(JdbcDatabaseClient.duckDb(dataDir.resolve("supply.duckdb")))
        .cache(InMemoryQueryCache.builder().maximumBytes(64 << 20).defaultTtl(Duration.ofMinutes(10)).build())
        .sessions(InMemorySessionStore.builder().ttl(Duration.ofHours(1)).build())
        .build();
    // end::three-ways[]
    // spotless:on
    try (local;
        fromFile;
        explicit) {
      for (Runway rw : new Runway[] {local, fromFile, explicit}) {
        assertThat(
                rw.database()
                    .execute(Query.of("SELECT 42 AS answer"))
                    .rows()
                    .get(0)
                    .getLong("answer"))
            .isEqualTo(42L);
      }
      fromFile.database().execute(Query.of("SELECT 7"));
      assertThat(fromFile.database().execute(Query.of("SELECT 7")).stats().fromCache()).isTrue();
      assertThat(dataDir.resolve("supply.duckdb")).exists();
    }
  }

  @Test
  void configAndOverrides(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("runway.yaml");
    Files.writeString(file, "database: { type: embedded }\ncache: { type: local }\n");
    DatabaseClient myDatabaseClient = JdbcDatabaseClient.embedded();
    ObservationRegistry observationRegistry = ObservationRegistry.create();
    MeterRegistry meterRegistry = new SimpleMeterRegistry();
    observationRegistry
        .observationConfig()
        .observationHandler(new DefaultMeterObservationHandler(meterRegistry));
    // spotless:off (a documentation snippet: formatted for reading, see DocsTest)
    // tag::config-and-overrides[]
    Runway rw = Runway.builder()
        .config(RunwayConfig.load(file))                     // validated whole, before anything is created
        .database(myDatabaseClient)                          // replaces database.* of the file
        .decorator(RunwayObservations.builder(observationRegistry).meterRegistry(meterRegistry).build())
        .build();
    // end::config-and-overrides[]
    // spotless:on
    try (rw) {
      rw.database().execute(Query.builder("SELECT 1").label("docs.check").build());
      assertThat(meterRegistry.find("runway.query").timer()).isNotNull();
      assertThat(rw.database().engine()).isEqualTo("duckdb");
    }
  }
}
