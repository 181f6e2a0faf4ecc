package dev.runway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PollingPolicyTest {

  @Test
  @DisplayName("delays start at the initial value, grow by the multiplier and stop at the cap")
  void growsToCap() {
    PollingPolicy p = new PollingPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0);
    assertThat(p.delay(0, 0.5)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.delay(1, 0.5)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.delay(3, 0.5)).isEqualTo(Duration.ofMillis(800));
    assertThat(p.delay(4, 0.5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delay(10_000, 0.5)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  @DisplayName("jitter takes up to its share off each delay, never more")
  void jitter() {
    PollingPolicy p = new PollingPolicy(Duration.ofMillis(1000), 1.0, Duration.ofMillis(1000), 0.2);
    assertThat(p.delay(0, 0.0)).isEqualTo(Duration.ofMillis(1000));
    assertThat(p.delay(0, 0.5)).isEqualTo(Duration.ofMillis(900));
    for (int i = 0; i < 1000; i++) {
      assertThat(p.delay(i)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1000));
    }
  }

  @Test
  @DisplayName(
      "the default makes about 18 status calls for a 20-second query, fixed 500 ms makes 41 (one at 0 ms, then every 500 ms up to 20 s)")
  void defaultVersusFixed() {
    assertThat(calls(PollingPolicy.defaults(), 20_000)).isBetween(16, 19);
    assertThat(calls(PollingPolicy.fixed(Duration.ofMillis(500)), 20_000)).isEqualTo(41);
    assertThat(calls(PollingPolicy.defaults(), 300)).isBetween(3, 4);
  }

  private static int calls(PollingPolicy p, long queryMillis) {
    long t = 0;
    int calls = 0;
    while (true) {
      calls++;
      if (t >= queryMillis) {
        return calls;
      }
      t += p.delay(calls - 1, 0.5).toMillis();
    }
  }

  @Test
  @DisplayName("bad settings are refused, naming them")
  void validation() {
    assertThatThrownBy(
            () -> new PollingPolicy(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(1), 0))
        .hasMessageContaining("max");
    assertThatThrownBy(
            () -> new PollingPolicy(Duration.ofMillis(100), 0.5, Duration.ofSeconds(1), 0))
        .hasMessageContaining("multiplier");
    assertThatThrownBy(
            () -> new PollingPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(1), 1.5))
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> new PollingPolicy(Duration.ZERO, 1.5, Duration.ofSeconds(1), 0))
        .hasMessageContaining("initial");
  }
}
