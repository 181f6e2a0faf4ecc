package dev.runway.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.error.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which keys are secret, and that neither toString nor an error message ever shows their values.
 */
class ConfigSectionMaskingTest {

  @Test
  void eachMarkerAlone_makesAKeySecret_inAnyCase() {
    assertThat(ConfigSection.isSecret("DB_PASSWORD")).isTrue();
    assertThat(ConfigSection.isSecret("client-secret")).isTrue();
    assertThat(ConfigSection.isSecret("Access-Token")).isTrue();
    assertThat(ConfigSection.isSecret("auth")).isTrue();
    assertThat(ConfigSection.isSecret("redis-auth")).isTrue();
    assertThat(ConfigSection.isSecret("authority")).isFalse();
    assertThat(ConfigSection.isSecret("user-pool-id")).isFalse();
    assertThat(ConfigSection.isSecret("type")).isFalse();
  }

  @Test
  void toString_masksSecretsAtEveryDepth_andShowsTheRest() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("client-secret", "s3cr3t-value");
    inner.put("client-id", "abc");
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("type", "cognito");
    values.put("cognito", inner);
    values.put("password", "hunter2");
    values.put("empty", null);
    String shown = new ConfigSection("auth", values, null).toString();
    assertThat(shown)
        .isEqualTo(
            "auth{type=cognito, cognito={client-secret=***, client-id=abc}, password=***, empty=null}");
    assertThat(new ConfigSection("", Map.of("a", 1), null).toString()).isEqualTo("config{a=1}");
  }

  @Test
  void errorMessagesAboutASecretsValue_neverQuoteIt() {
    ConfigSection s =
        new ConfigSection(
            "cache.redis",
            Map.of(
                "token-ttl",
                "not-a-number-hunter2",
                "retries",
                "lots",
                "auth",
                "yes-please-hunter2"),
            null);
    assertThatThrownBy(() -> s.integer("token-ttl"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cache.redis.token-ttl")
        .hasMessageContaining("'***'")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> s.bool("auth"))
        .hasMessageContaining("'***'")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> s.integer("retries"))
        .hasMessageContaining("'lots'")
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> s.number("retries"))
        .hasMessageContaining("'lots'")
        .hasMessageContaining("not a number");
    assertThat(s.has("retries")).isTrue();
    assertThat(s.has("missing")).isFalse();
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("k", null);
    assertThat(new ConfigSection("x", withNull, null).has("k"))
        .as("a key given no value is not present")
        .isFalse();
  }
}
