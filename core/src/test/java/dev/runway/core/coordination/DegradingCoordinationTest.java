package dev.runway.core.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.TestClock;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.health.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shared store down and back: calls never fail, limits shrink to a share, facts converge. */
class DegradingCoordinationTest {

  /** An in-memory store that can be switched off, as a shared store that goes down. */
  static final class SwitchableStore extends ForwardingCoordination {
    volatile boolean down;
    int calls;

    SwitchableStore(Coordination delegate) {
      super(delegate);
    }

    @Override
    protected Coordination delegate() {
      calls++;
      if (down) {
        throw new RunwayServiceException(
            "store down", "test", ErrorCategory.UNAVAILABLE, null, null);
      }
      return super.delegate();
    }

    @Override
    public String name() {
      return "switchable";
    }
  }

  private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final InMemoryCoordination store = InMemoryCoordination.builder().clock(clock).build();
  private final SwitchableStore remote = new SwitchableStore(store);
  private final DegradingCoordination c =
      DegradingCoordination.over(remote)
          .expectedInstances(4)
          .probeInterval(Duration.ofSeconds(5))
          .clock(clock)
          .build();

  @Test
  void up_everyCallGoesToTheSharedStore() {
    c.add("n", 3, Duration.ofMinutes(1));
    assertThat(store.get("n")).isEqualTo(3);
    assertThat(c.share()).isEqualTo(1.0);
    assertThat(c.health().status()).isEqualTo(Health.Status.UP);
  }

  @Test
  void down_callsSucceedLocally_onAShare_andHealthSaysSo() {
    remote.down = true;
    assertThat(c.add("n", 2, Duration.ofMinutes(1))).isEqualTo(2);
    assertThat(c.degraded()).isTrue();
    assertThat(c.share()).isEqualTo(0.25);
    assertThat(c.health().status()).isEqualTo(Health.Status.DEGRADED);
    assertThat(c.health().detail()).contains("1/4");
    // a limit of 8 leases is 2 for this instance while degraded
    assertThat(c.tryLease("s", 8, Duration.ofMinutes(1))).isPresent();
    assertThat(c.tryLease("s", 8, Duration.ofMinutes(1))).isPresent();
    assertThat(c.tryLease("s", 8, Duration.ofMinutes(1))).isEmpty();
    // a bucket of 20 at 8/s is 5 at 2/s
    for (int i = 0; i < 5; i++) {
      assertThat(c.tryTake("b", 1, 8, 20)).isZero();
    }
    assertThat(c.tryTake("b", 1, 8, 20)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void down_theStoreIsNotAskedAgainUntilTheProbeInterval() {
    remote.down = true;
    c.get("n");
    int calls = remote.calls;
    for (int i = 0; i < 10; i++) {
      c.get("n");
    }
    assertThat(remote.calls).as("no call while the probe is not due").isEqualTo(calls);
    clock.advance(Duration.ofSeconds(5));
    c.get("n");
    assertThat(remote.calls).as("one probe").isEqualTo(calls + 1);
  }

  @Test
  void back_whatWasRecordedMeanwhileIsReplayed_andCallsGoToTheStoreAgain() {
    c.add("cost", 10, Duration.ofHours(1));
    remote.down = true;
    c.add("cost", 5, Duration.ofHours(1));
    c.addMember("revoked", "session-1", Duration.ofHours(1));
    c.put("record", "v", Duration.ofHours(1));
    assertThat(c.degraded()).isTrue();
    remote.down = false;
    clock.advance(Duration.ofSeconds(5));
    assertThat(c.get("cost")).as("converged").isEqualTo(15);
    assertThat(c.degraded()).isFalse();
    assertThat(store.hasMember("revoked", "session-1")).isTrue();
    assertThat(store.read("record")).contains("v");
    assertThat(c.health().status()).isEqualTo(Health.Status.UP);
  }

  @Test
  void callerErrors_areNotOutages() {
    assertThatThrownBy(() -> c.add("n", 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.tryTake("b", 2, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(c.degraded()).isFalse();
  }

  @Test
  void replace_whileDown_isLocal_andReplayed() {
    remote.down = true;
    assertThat(c.replace("canary", Optional.empty(), "weight=10", Duration.ofHours(1))).isTrue();
    assertThat(c.read("canary")).contains("weight=10");
    remote.down = false;
    clock.advance(Duration.ofSeconds(6));
    assertThat(c.read("canary")).contains("weight=10");
    assertThat(store.read("canary")).contains("weight=10");
  }
}
