package dev.runway.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.core.RunwayConfig;
import dev.runway.core.spi.ConfigKey;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What is generated from the declared keys: the IDE metadata the build put in the jar, and the
 * configuration reference committed under {@code docs/}. Neither can drift from the factories: the
 * metadata is written by the build, the reference is compared here.
 */
class ConfigurationMetadataTest {

  private static JsonNode shipped() throws Exception {
    try (InputStream in =
        ConfigurationMetadataTest.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the build generated the metadata").isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  @DisplayName(
      "the shipped metadata lists exactly the keys the modules accept, each typed and described")
  void metadata_listsExactlyTheKnownKeys_typed() throws Exception {
    Map<String, JsonNode> documented = new TreeMap<>();
    for (JsonNode p : shipped().get("properties")) {
      documented.put(p.get("name").asText(), p);
      assertThat(p.path("description").asText()).as(p.get("name").asText()).isNotBlank();
    }
    Set<String> expected = new TreeSet<>();
    RunwayConfig.knownKeys().forEach(k -> expected.add("runway." + k));
    RunwayProperties.STARTER_KEYS.forEach(k -> expected.add("runway." + k));
    assertThat(documented.keySet()).isEqualTo(expected);

    // typed as the declarations say: durations, sizes, numbers and choices are not all strings
    assertThat(documented.get("runway.cache.ttl").get("type").asText())
        .isEqualTo("java.time.Duration");
    assertThat(documented.get("runway.cache.ttl").get("defaultValue").asText()).isEqualTo("5m");
    assertThat(documented.get("runway.cache.redis.pool-size").get("type").asText())
        .isEqualTo("java.lang.Integer");
    assertThat(documented.get("runway.cache.redis.pool-size").get("defaultValue").asInt())
        .isEqualTo(16);
    assertThat(documented.get("runway.cache.redis.tls").get("defaultValue").isBoolean()).isTrue();
    assertThat(documented.get("runway.database.athena.scan-budget").get("type").asText())
        .isEqualTo("org.springframework.util.unit.DataSize");
    long strings =
        documented.values().stream()
            .filter(p -> p.get("type").asText().equals("java.lang.String"))
            .count();
    assertThat(strings).as("keys typed as plain text").isLessThan(documented.size() / 2);
  }

  @Test
  @DisplayName("every choice has its values as hints, and secrets say so without a default")
  void metadata_hintsChoices_marksSecrets() throws Exception {
    JsonNode root = shipped();
    Map<String, Set<String>> hints = new TreeMap<>();
    for (JsonNode h : root.get("hints")) {
      Set<String> values = new TreeSet<>();
      h.get("values").forEach(v -> values.add(v.get("value").asText()));
      hints.put(h.get("name").asText(), values);
    }
    assertThat(hints.get("runway.database.type"))
        .contains("embedded", "jdbc", "athena", "redshift", "routing");
    assertThat(hints.get("runway.database.athena.result-fetch"))
        .containsExactlyInAnyOrder("api", "s3", "auto");
    assertThat(hints.get("runway.cache.redis.mode"))
        .containsExactlyInAnyOrder("standalone", "sentinel", "cluster");
    for (Map.Entry<String, ConfigKey> e : ConfigurationReference.keys().entrySet()) {
      if (e.getValue().type() == ConfigKey.Type.CHOICE) {
        assertThat(hints).as(e.getKey()).containsKey(e.getKey());
      }
    }
    for (JsonNode p : root.get("properties")) {
      String name = p.get("name").asText();
      boolean secret = ConfigurationReference.keys().get(name).secret();
      assertThat(p.get("description").asText().contains("A secret")).as(name).isEqualTo(secret);
      if (secret) {
        assertThat(p.has("defaultValue")).as(name).isFalse();
      }
    }
  }

  @Test
  @DisplayName("docs/reference/configuration.md is the reference generated from the declarations")
  void reference_isUpToDate() throws Exception {
    Path doc =
        Path.of(
            System.getProperty("repository.root", "../.."),
            "docs",
            "reference",
            "configuration.md");
    String generated = ConfigurationReference.markdown();
    if (Boolean.getBoolean("runway.regenerate")) {
      Files.createDirectories(doc.getParent());
      Files.writeString(doc, generated, StandardCharsets.UTF_8);
    }
    assertThat(doc).as("run this test with -Drunway.regenerate=true to write it").exists();
    assertThat(Files.readString(doc, StandardCharsets.UTF_8))
        .as(
            "%s is out of date: run mvn -pl spring-boot/autoconfigure test -Dtest=ConfigurationMetadataTest "
                + "-Drunway.regenerate=true",
            doc)
        .isEqualTo(generated);
    for (String key : RunwayConfig.knownKeys()) {
      assertThat(generated).as(key).contains("`" + key + "`");
    }
  }
}
