package dev.runway.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.local.InMemorySessionStore;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.resilience.ResiliencePolicy;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SetOnceTest {

  @Test
  @DisplayName("a setting given twice is refused, naming the builder, the setting and both values")
  void check_secondValue_isRefusedNamingBoth() {
    SetOnce once = new SetOnce("Example.Builder");
    once.check("ttl", Duration.ofMinutes(5));
    assertThat(once.isSet("ttl")).isTrue();
    assertThatThrownBy(() -> once.check("ttl", Duration.ofMinutes(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Example.Builder: ttl was already set to PT5M; it cannot be set again (to PT10M)");
  }

  @Test
  @DisplayName("a secret given twice is refused without either value in the message")
  void checkSecret_secondValue_isRefusedMasked() {
    assertThatThrownBy(
            () -> JdbcDatabaseClient.builder().password("first-s3cret").password("second-s3cret"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("password was already set to ***")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(
            () ->
                JdbcDatabaseClient.builder()
                    .url("jdbc:postgresql://h/db?password=p4ss")
                    .url("jdbc:postgresql://h/db?password=p5ss"))
        .hasMessageContaining("url was already set")
        .hasMessageNotContaining("p4ss")
        .hasMessageNotContaining("p5ss");
  }

  @Test
  @DisplayName("the component builders of core follow the convention")
  void coreBuilders_refuseSecondValue() {
    assertThatThrownBy(
            () ->
                InMemoryQueryCache.builder()
                    .defaultTtl(Duration.ofMinutes(1))
                    .defaultTtl(Duration.ofMinutes(2)))
        .hasMessageContaining("InMemoryQueryCache.Builder: defaultTtl was already set to PT1M")
        .hasMessageContaining("PT2M");
    assertThatThrownBy(
            () -> InMemorySessionStore.builder().ttl(Duration.ofHours(1)).ttl(Duration.ofHours(2)))
        .hasMessageContaining("InMemorySessionStore.Builder: ttl was already set to PT1H");
    assertThatThrownBy(() -> ResiliencePolicy.builder().maxAttempts(2).maxAttempts(3))
        .hasMessageContaining("ResiliencePolicy.Builder: maxAttempts was already set to 2")
        .hasMessageContaining("(to 3)");
  }
}
