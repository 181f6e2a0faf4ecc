package dev.runway.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.core.RunwayConfig;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shipped IDE metadata names every key the modules define (all modules are on this test's
 * class path) and nothing else, each with a description, so that it cannot drift from the factories.
 */
class ConfigurationMetadataTest {

  @Test
  void metadata_listsExactlyTheKnownKeys_eachDescribed() throws Exception {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      root = new ObjectMapper().readTree(in);
    }
    Set<String> documented = new TreeSet<>();
    for (JsonNode p : root.get("properties")) {
      documented.add(p.get("name").asText());
      assertThat(p.path("description").asText()).as(p.get("name").asText()).isNotBlank()
          .doesNotStartWith("See the configuration reference");
    }
    Set<String> expected = new TreeSet<>();
    RunwayConfig.knownKeys().forEach(k -> expected.add("runway." + k));
    RunwayProperties.STARTER_KEYS.forEach(k -> expected.add("runway." + k));
    assertThat(documented).isEqualTo(expected);
  }
}
