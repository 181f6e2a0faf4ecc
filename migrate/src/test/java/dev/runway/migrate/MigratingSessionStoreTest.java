package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.TestClock;
import dev.runway.core.local.InMemorySessionStore;
import dev.runway.core.session.Conversation;
import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.NewMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionIds;
import dev.runway.core.session.SessionNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigratingSessionStoreTest {

  @Test
  void thousandLiveSessions_moveOnFirstUse_noneLost() {
    TestClock clock = new TestClock();
    try (InMemorySessionStore old =
            InMemorySessionStore.builder().clock(clock).purgeInterval(Duration.ZERO).build();
        InMemorySessionStore next =
            InMemorySessionStore.builder().clock(clock).purgeInterval(Duration.ZERO).build()) {
      List<Session> sessions = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        Session s = old.create("user" + i % 10, null, Map.of("i", i));
        old.appendMessage(s.id(), "user", "q" + i, Map.of());
        sessions.add(s);
      }
      MigratingSessionStore moving = MigratingSessionStore.between(old, next);
      for (Session s : sessions) {
        assertThat(moving.find(s.id())).contains(s);
      }
      assertThat(next.size()).isEqualTo(1_000);
      Session s0 = sessions.get(0);
      assertThat(moving.history(s0.id()))
          .extracting(ConversationMessage::content)
          .containsExactly("q0");
      moving.appendMessage(s0.id(), "assistant", "a0", Map.of());
      assertThat(next.history(s0.id())).hasSize(2);
      assertThat(old.history(s0.id())).hasSize(1);
      assertThat(moving.deleteAllForUser("user0"))
          .isEqualTo(200); // the 100 moved ones count in each store
      assertThat(moving.find(s0.id())).isEmpty();
    }
  }

  @Test
  void appendMessagesAndFindWithHistory_moveASessionOnlyInTheOldStore() {
    try (InMemorySessionStore old = InMemorySessionStore.builder().build();
        InMemorySessionStore next = InMemorySessionStore.builder().build()) {
      Session a = old.create("u", null, Map.of());
      old.appendMessage(a.id(), "user", "before the move", Map.of());
      Session b = old.create("u", null, Map.of());
      old.appendMessage(b.id(), "user", "b's first", Map.of());
      MigratingSessionStore moving = MigratingSessionStore.between(old, next);

      List<ConversationMessage> added =
          moving.appendMessages(
              a.id(),
              List.of(
                  NewMessage.of("user", "q", Map.of()), NewMessage.of("assistant", "r", Map.of())));
      assertThat(added).extracting(ConversationMessage::sequence).containsExactly(2L, 3L);
      assertThat(next.history(a.id()))
          .extracting(ConversationMessage::content)
          .containsExactly("before the move", "q", "r");

      Conversation c = moving.findWithHistory(b.id()).orElseThrow();
      assertThat(c.session().id()).isEqualTo(b.id());
      assertThat(c.messages())
          .extracting(ConversationMessage::content)
          .containsExactly("b's first");
      assertThat(next.find(b.id())).isPresent();

      assertThat(moving.findWithHistory(SessionIds.next())).isEmpty();
      assertThatThrownBy(
              () ->
                  moving.appendMessages(
                      SessionIds.next(), List.of(NewMessage.of("user", "q", Map.of()))))
          .isInstanceOf(SessionNotFoundException.class);
    }
  }

  @Test
  void update_ofSessionOnlyInOldStore_isCheckedAgainstItsVersion() {
    try (InMemorySessionStore old = InMemorySessionStore.builder().build();
        InMemorySessionStore next = InMemorySessionStore.builder().build()) {
      Session s = old.update(old.create("u", null, Map.of("n", 1)).withAttribute("n", 2));
      MigratingSessionStore moving = MigratingSessionStore.between(old, next);
      Session updated = moving.update(s.withAttribute("n", 3));
      assertThat(updated.version()).isEqualTo(3);
      assertThat(next.find(s.id()).orElseThrow().attribute("n")).contains(3);
    }
  }
}
