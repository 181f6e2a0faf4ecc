package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.TestClock;
import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store's expiry, history and deletion at their edges, with an injected clock (the
 * contract suites in runway-testkit cover the rest; these are here so that core's own mutation run
 * sees them).
 */
class InMemorySessionStoreEdgeTest {

  private final TestClock clock = new TestClock();
  private final InMemorySessionStore store =
      InMemorySessionStore.builder().ttl(Duration.ofMinutes(10)).clock(clock).build();

  @Test
  void touch_slidesExpiry_keepsVersion_andAnExpiredSessionIsNotRevived() {
    Session s = store.create("u", "Warehouse Manager", Map.of());
    clock.advance(Duration.ofMinutes(9));
    Session touched = store.touch(s.id()).orElseThrow();
    assertThat(touched.version()).isEqualTo(s.version());
    assertThat(touched.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(store.find(s.id()).orElseThrow().expiresAt()).isEqualTo(touched.expiresAt());
    clock.advance(Duration.ofMinutes(10)); // exactly at expiry: expired
    assertThat(store.touch(s.id())).isEmpty();
    assertThat(store.find(s.id())).isEmpty();
    assertThat(store.touch("missing")).isEmpty();
  }

  @Test
  void history_numbersMessagesFromOne_keepsMetadata_andIsEmptyOnceExpired() {
    Session s = store.create("u", "Field Engineer", Map.of());
    ConversationMessage first = store.appendMessage(s.id(), "user", "parts for WO-7?", null);
    ConversationMessage second =
        store.appendMessage(s.id(), "assistant", "3 parts", Map.of("query", "fe.parts"));
    assertThat(first.sequence()).isEqualTo(1);
    assertThat(second.sequence()).isEqualTo(2);
    assertThat(first.metadata()).isEmpty();
    assertThat(second.metadata()).containsEntry("query", "fe.parts");
    assertThat(first.timestamp()).isEqualTo(clock.instant());
    assertThat(store.history(s.id()))
        .extracting(ConversationMessage::content)
        .containsExactly("parts for WO-7?", "3 parts");
    assertThat(store.history(s.id(), 1))
        .extracting(ConversationMessage::sequence)
        .containsExactly(2L);
    assertThat(store.history(s.id(), 0)).isEmpty();
    assertThat(store.history(s.id(), 5)).hasSize(2);
    assertThatThrownBy(() -> store.history(s.id(), -1)).hasMessageContaining(">= 0");
    clock.advance(Duration.ofMinutes(10));
    assertThat(store.history(s.id())).isEmpty();
    assertThatThrownBy(() -> store.appendMessage(s.id(), "user", "late", null))
        .isInstanceOf(SessionNotFoundException.class);
    assertThat(store.history("missing")).isEmpty();
  }

  @Test
  void delete_andDeleteAllForUser_countOnlyLiveSessions() {
    Session live = store.create("u", "p", Map.of());
    Session old = store.create("u", "p", Map.of());
    store.create("other", "p", Map.of());
    clock.advance(Duration.ofMinutes(5));
    Session fresh = store.create("u", "p", Map.of());
    clock.advance(Duration.ofMinutes(6)); // live and old expired, fresh still live
    assertThat(store.delete(old.id())).as("an expired session was not there to delete").isFalse();
    assertThat(store.deleteAllForUser("u")).isEqualTo(1);
    assertThat(store.size())
        .as("expired ones of the user are removed too; the other user's stays")
        .isEqualTo(1);
    assertThat(store.find(fresh.id())).isEmpty();
    assertThat(store.find(live.id())).isEmpty();
    Session another = store.create("v", "p", Map.of());
    assertThat(store.delete(another.id())).isTrue();
    assertThat(store.delete(another.id())).isFalse();
  }

  @Test
  void importSession_keepsALiveSession_replacesAnExpiredOne() {
    Session s = store.create("u", "p", Map.of("k", "v"));
    Session copy = s.withAttribute("k", "changed");
    assertThat(store.importSession(copy, List.of()).attributes()).containsEntry("k", "v");
    clock.advance(Duration.ofMinutes(10));
    Session revived =
        copy.withState(clock.instant(), clock.instant().plus(Duration.ofMinutes(10)), 7);
    assertThat(store.importSession(revived, List.of()).version()).isEqualTo(7);
    assertThat(store.find(s.id()).orElseThrow().attributes()).containsEntry("k", "changed");
    assertThat(store.toString()).contains("ttl=PT10M").contains("sessions=1");
  }

  @Test
  void builder_eachSettingOnce_andClose_isIdempotent() {
    assertThatThrownBy(() -> InMemorySessionStore.builder().clock(clock).clock(clock))
        .hasMessageContaining("clock");
    assertThatThrownBy(
            () ->
                InMemorySessionStore.builder()
                    .purgeInterval(Duration.ofSeconds(1))
                    .purgeInterval(Duration.ofSeconds(2)))
        .hasMessageContaining("purgeInterval");
    InMemorySessionStore purging =
        InMemorySessionStore.builder().purgeInterval(Duration.ofMinutes(1)).build();
    purging.close();
    purging.close();
    store.close();
  }
}
