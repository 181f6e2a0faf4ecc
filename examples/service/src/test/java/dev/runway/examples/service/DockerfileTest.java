package dev.runway.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile cannot be built here (no Docker engine); this holds it to what the build produces
 * and to the rules of the deployment: the jar it copies is the one Maven packages, it runs as a
 * non-root user, and its health check is the cheap {@code /health}.
 */
class DockerfileTest {

  private static final Path ROOT =
      Path.of(System.getProperty("repository.root", "../..")).normalize();

  @Test
  void copiesTheJarTheBuildProduces_runsAsNonRoot_checksHealth() throws Exception {
    List<String> lines = Files.readAllLines(ROOT.resolve("examples/service/Dockerfile"));
    String copy = lines.stream().filter(l -> l.startsWith("COPY")).findFirst().orElseThrow();
    String source = copy.split("\\s+")[copy.split("\\s+").length - 2];
    Path built =
        Path.of(System.getProperty("service.jar", "target/runway-example-service.jar"))
            .toAbsolutePath()
            .normalize();
    assertThat(ROOT.toAbsolutePath().normalize().resolve(source))
        .as("COPY source is the packaged jar")
        .isEqualTo(built);
    assertThat(lines).anyMatch(l -> l.startsWith("USER ") && !l.contains("root"));
    assertThat(lines).anyMatch(l -> l.contains("HEALTHCHECK")).anyMatch(l -> l.contains("/health"));
    assertThat(lines).anyMatch(l -> l.contains("MaxRAMPercentage"));
    assertThat(String.join("\n", lines))
        .as("no secret baked into the image")
        .doesNotContainIgnoringCase("password")
        .doesNotContainIgnoringCase("secret");
  }
}
