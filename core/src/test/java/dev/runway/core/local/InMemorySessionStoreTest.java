package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.TestClock;
import dev.runway.core.session.Session;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InMemorySessionStoreTest {

  @Test
  @Timeout(30)
  void backgroundPurge_expiredSessions_areRemoved() throws Exception {
    TestClock clock = new TestClock();
    try (InMemorySessionStore store =
        InMemorySessionStore.builder()
            .clock(clock)
            .ttl(Duration.ofMinutes(30))
            .purgeInterval(Duration.ofMillis(20))
            .build()) {
      for (int i = 0; i < 10_000; i++) {
        Session s = store.create("user-" + (i % 50), null, Map.of("payload", "x".repeat(100)));
        store.appendMessage(s.id(), "user", "question " + i, Map.of());
      }
      Session keep = store.create("survivor", null, Map.of());
      assertThat(store.size()).isEqualTo(10_001);
      clock.advance(Duration.ofMinutes(29));
      store.touch(keep.id());
      clock.advance(Duration.ofMinutes(2));
      // the background task, not the test, removes them; wait for it without asserting timing
      while (store.size() > 1) {
        Thread.sleep(10);
      }
      assertThat(store.find(keep.id())).isPresent();
    }
  }

  @Test
  void purgeExpired_returnsCountAndKeepsLive() {
    TestClock clock = new TestClock();
    try (InMemorySessionStore store =
        InMemorySessionStore.builder()
            .clock(clock)
            .purgeInterval(Duration.ZERO)
            .ttl(Duration.ofMinutes(10))
            .build()) {
      store.create("a", null, Map.of());
      store.create("b", null, Map.of());
      clock.advance(Duration.ofMinutes(11));
      Session live = store.create("c", null, Map.of());
      assertThat(store.purgeExpired()).isEqualTo(2);
      assertThat(store.size()).isEqualTo(1);
      assertThat(store.find(live.id())).isPresent();
    }
  }

  @Test
  void touch_doesNotChangeVersion() {
    try (InMemorySessionStore store = InMemorySessionStore.builder().build()) {
      Session s = store.create("a", null, Map.of());
      store.touch(s.id());
      assertThat(store.update(s.withAttribute("k", 1)).version()).isEqualTo(2);
    }
  }
}
