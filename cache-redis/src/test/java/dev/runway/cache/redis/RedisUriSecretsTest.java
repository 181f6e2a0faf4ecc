package dev.runway.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A password in a Redis URI never reaches a message, whatever the shape of the URI: a corpus of
 * malformed ones, through the builder and through {@code cache.redis.uri}.
 */
class RedisUriSecretsTest {

  private static final String SECRET = "S3cr3t-Pw";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "runway:S3cr3t-Pw@host:6379", // no scheme
        "redis:/runway:S3cr3t-Pw@host:6379", // one slash
        "redis:runway:S3cr3t-Pw@host:6379", // no slash
        "redis://runway:S3c/r3t-Pw@host:6379", // a slash in the password: "no host"
        "redis://runway:S3cr3t-Pw@", // no host at all
        "redis://:S3cr3t-Pw@host:6379/not-a-db", // bad database path
        "http://runway:S3cr3t-Pw@host:6379", // wrong scheme
        "redis://runway:S3cr3t-Pw@host:6379:7000", // two ports
        "redis://runway:S3cr3t%zz-Pw@host:6379", // bad percent-encoding
        "redis://runway:S3cr@3t-Pw@host:6379 ", // an @ in the password, a trailing space
        "redis://host:6379/?password=S3cr3t-Pw&x=1 x" // password as a parameter, a space
      })
  void malformedUri_neverShowsThePassword(String uri) {
    String secret =
        uri.contains("S3c/r3t")
            ? "S3c/r3t-Pw"
            : uri.contains("%zz")
                ? "S3cr3t%zz-Pw"
                : uri.contains("S3cr@3t") ? "S3cr@3t-Pw" : SECRET;
    Throwable viaBuilder = catchThrowable(() -> RedisQueryCache.builder().uri(uri).build().close());
    Throwable viaConfig =
        catchThrowable(
            () ->
                Runway.fromConfig(
                        RunwayConfig.parse(
                            "cache: { type: redis, redis: { uri: \"" + uri + "\" } }",
                            Path.of("."),
                            Map.of(),
                            new Properties()))
                    .close());
    for (Throwable t : new Throwable[] {viaBuilder, viaConfig}) {
      if (t == null) {
        continue; // a shape that parses: nothing to show
      }
      for (Throwable c = t; c != null; c = c.getCause()) {
        assertThat(String.valueOf(c.getMessage()))
            .as("message of %s", c.getClass().getSimpleName())
            .doesNotContain(secret)
            .doesNotContain("S3cr3t")
            .doesNotContain("r3t-Pw");
        assertThat(c.toString()).doesNotContain("r3t-Pw");
      }
    }
    assertThat(viaConfig).as("the configuration refuses it").isNotNull();
    assertThat(viaConfig.getMessage()).contains("cache.redis");
  }
}
