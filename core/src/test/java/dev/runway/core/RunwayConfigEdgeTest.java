package dev.runway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.error.ConfigurationException;
import dev.runway.core.spi.ConfigSection;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Spellings, overrides and interpolation at every depth of the tree, and the typed readers of a
 * section at their edges.
 */
class RunwayConfigEdgeTest {

  private static RunwayConfig parse(String yaml, Map<String, String> env) {
    return RunwayConfig.parse(yaml, Path.of("/srv/app"), env, new Properties());
  }

  @Test
  void snakeCase_isTheDocumentedKey_atEveryDepth_andTwoSpellingsAreRefused() {
    RunwayConfig c =
        parse(
            "resilience: { max_attempts: 4 }\n"
                + "database: { type: embedded, embedded: { init_sql: \"SELECT 1\" } }",
            Map.of());
    assertThat(c.root().section("resilience").integer("max-attempts")).hasValue(4);
    assertThat(c.root().section("database").section("embedded").string("init-sql"))
        .hasValue("SELECT 1");
    assertThatThrownBy(() -> parse("cache: { local: { max_size: 1MB, max-size: 2MB } }", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cache.local.max-size")
        .hasMessageContaining("'max_size'")
        .hasMessageContaining("'max-size'");
    assertThatThrownBy(() -> parse("resilience: { max_attempts: 1, max-attempts: 2 }", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("resilience.max-attempts");
  }

  @Test
  void environment_overridesKeysOfTheFile_evenOnesNoModuleKnows_andInterpolatesLists() {
    RunwayConfig c =
        parse(
            "custom: { deep: { key: from-file }, list: [\"${REGION}\", 7, plain] }",
            Map.of("RUNWAY_CUSTOM_DEEP_KEY", "from-env", "REGION", "eu-west-1"));
    assertThat(c.root().section("custom").section("deep").string("key")).hasValue("from-env");
    assertThat(c.toString()).contains("list=[eu-west-1, 7, plain]");
    assertThat(RunwayConfig.knownKeys())
        .contains(
            "database.embedded.path", "cache.ttl", "resilience.timeout", "auth.local.token-secret")
        .doesNotContain("custom.deep.key");
    assertThat(RunwayConfig.envName("cache.redis.pool-size"))
        .isEqualTo("RUNWAY_CACHE_REDIS_POOL_SIZE");
  }

  @Test
  void sectionReaders_atTheirEdges() {
    ConfigSection s =
        new ConfigSection(
            "x",
            Map.of(
                "on",
                "yes",
                "off",
                "OFF",
                "bad",
                "maybe",
                "n",
                "2.5",
                "u",
                "rediss://cache:6379",
                "nouri",
                "cache:6379x",
                "rel",
                "data/a.db",
                "abs",
                "/var/a.db",
                "blank",
                "  ",
                "secret-token",
                "hunter2"),
            Path.of("/srv/app"));
    assertThat(s.bool("on")).hasValue(true);
    assertThat(s.bool("off")).hasValue(false);
    assertThat(s.bool("missing")).isEmpty();
    assertThatThrownBy(() -> s.bool("bad"))
        .hasMessageContaining("x.bad")
        .hasMessageContaining("'maybe' is not a boolean");
    assertThat(s.number("n")).hasValue(2.5);
    assertThat(s.number("missing")).isEmpty();
    assertThat(s.uri("u")).hasValue(URI.create("rediss://cache:6379"));
    assertThat(s.uri("missing")).isEmpty();
    assertThatThrownBy(() -> s.uri("rel"))
        .hasMessageContaining("x.rel")
        .hasMessageContaining("not a URI with a scheme");
    assertThat(s.path("rel")).hasValue(Path.of("/srv/app/data/a.db"));
    assertThat(s.path("abs")).hasValue(Path.of("/var/a.db"));
    assertThat(s.path("missing")).isEmpty();
    assertThat(new ConfigSection("x", Map.of("rel", "data/a.db"), null).path("rel"))
        .hasValue(Path.of("data/a.db"));
    assertThat(s.string("blank")).isEmpty();
    assertThat(s.string("n")).hasValue("2.5");
    assertThatThrownBy(
            () -> new ConfigSection("x", Map.of("l", java.util.List.of(1)), null).string("l"))
        .hasMessageContaining("x.l")
        .hasMessageContaining("not a list");
    assertThatThrownBy(() -> new ConfigSection("x", Map.of("m", Map.of("a", 1)), null).string("m"))
        .hasMessageContaining("not a section");
    assertThat(s.path()).isEqualTo("x");
    assertThat(s.keyOf("n")).isEqualTo("x.n");
    assertThat(new ConfigSection("", Map.of(), null).keyOf("n")).isEqualTo("n");
  }
}
