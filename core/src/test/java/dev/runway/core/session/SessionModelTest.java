package dev.runway.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.local.InMemorySessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A session's identity, what its {@code toString} and messages show of its id, the default {@code
 * update(id, mutation)} retrying a real conflict, and a forwarding store passing every call.
 */
class SessionModelTest {

  private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

  private static Session s(String id, long version) {
    return new Session(id, "ana", "analyst", Map.of("k", "v"), T, T, T.plusSeconds(60), version);
  }

  @Test
  void mask_showsFourCharactersOfLongerIds_andNothingOfShortOnes() {
    assertThat(Session.mask(null)).isEqualTo("null");
    assertThat(Session.mask("abcd")).isEqualTo("***");
    assertThat(Session.mask("abc")).isEqualTo("***");
    assertThat(Session.mask("abcde")).isEqualTo("abcd...");
    assertThat(s("secret-session-id", 1).toString())
        .isEqualTo(
            "Session{id=secr..., userId=ana, persona=analyst,"
                + " attributes=[k], expiresAt="
                + T.plusSeconds(60)
                + ", version=1}");
    SessionConflictException e = new SessionConflictException("secret-session-id", 3, 4);
    assertThat(e.getMessage())
        .contains("secr...")
        .doesNotContain("secret-session-id")
        .contains("version 3 but the stored version is 4");
    assertThat(e.expectedVersion()).isEqualTo(3);
    assertThat(e.actualVersion()).isEqualTo(4);
  }

  @Test
  void equals_everyComponent() {
    Session a = s("id-1", 1);
    assertThat(a).isEqualTo(s("id-1", 1)).hasSameHashCodeAs(s("id-1", 1));
    assertThat(a).isNotEqualTo(s("id-2", 1));
    assertThat(a).isNotEqualTo(s("id-1", 2));
    assertThat(a)
        .isNotEqualTo(
            new Session("id-1", "bo", "analyst", Map.of("k", "v"), T, T, T.plusSeconds(60), 1));
    assertThat(a)
        .isNotEqualTo(
            new Session("id-1", "ana", null, Map.of("k", "v"), T, T, T.plusSeconds(60), 1));
    assertThat(a)
        .isNotEqualTo(new Session("id-1", "ana", "analyst", Map.of(), T, T, T.plusSeconds(60), 1));
    assertThat(a)
        .isNotEqualTo(
            new Session(
                "id-1",
                "ana",
                "analyst",
                Map.of("k", "v"),
                T.minusSeconds(1),
                T,
                T.plusSeconds(60),
                1));
    assertThat(a)
        .isNotEqualTo(
            new Session(
                "id-1",
                "ana",
                "analyst",
                Map.of("k", "v"),
                T,
                T.plusSeconds(1),
                T.plusSeconds(60),
                1));
    assertThat(a)
        .isNotEqualTo(
            new Session("id-1", "ana", "analyst", Map.of("k", "v"), T, T, T.plusSeconds(61), 1));
    assertThat(a).isNotEqualTo("id-1");
    assertThat(a.hashCode()).isNotEqualTo(s("id-1", 2).hashCode());
    assertThat(a.persona()).hasValue("analyst");
  }

  /**
   * A store whose next {@code conflicts} updates fail as if another instance had written first; it
   * keeps the interface's own {@code update(id, mutation)}.
   */
  static final class Conflicting implements SessionStore {
    final SessionStore delegate;
    final AtomicInteger conflicts;
    final AtomicInteger updates = new AtomicInteger();

    Conflicting(SessionStore delegate, int conflicts) {
      this.delegate = delegate;
      this.conflicts = new AtomicInteger(conflicts);
    }

    @Override
    public Session update(Session session) {
      updates.incrementAndGet();
      if (conflicts.getAndDecrement() > 0) {
        // another writer: the stored version moves on, and this update is refused
        Session stored = delegate.find(session.id()).orElseThrow();
        delegate.update(stored.withAttributes(Map.of("other", "writer")));
        throw new SessionConflictException(session.id(), session.version(), session.version() + 1);
      }
      return delegate.update(session);
    }

    @Override
    public String name() {
      return "conflicting";
    }

    @Override
    public java.time.Duration ttl() {
      return delegate.ttl();
    }

    @Override
    public Session create(String userId, String persona, Map<String, ?> attributes) {
      return delegate.create(userId, persona, attributes);
    }

    @Override
    public java.util.Optional<Session> find(String id) {
      return delegate.find(id);
    }

    @Override
    public java.util.Optional<Session> touch(String id) {
      return delegate.touch(id);
    }

    @Override
    public boolean delete(String id) {
      return delegate.delete(id);
    }

    @Override
    public int deleteAllForUser(String userId) {
      return delegate.deleteAllForUser(userId);
    }

    @Override
    public ConversationMessage appendMessage(
        String sessionId, String role, String content, Map<String, ?> metadata) {
      return delegate.appendMessage(sessionId, role, content, metadata);
    }

    @Override
    public List<ConversationMessage> history(String sessionId) {
      return delegate.history(sessionId);
    }

    @Override
    public List<ConversationMessage> history(String sessionId, int lastN) {
      return delegate.history(sessionId, lastN);
    }

    @Override
    public Session importSession(Session session, List<ConversationMessage> history) {
      return delegate.importSession(session, history);
    }
  }

  @Test
  void updateWithMutation_retriesARealConflict_onTheFreshSession() {
    try (InMemorySessionStore mem = InMemorySessionStore.builder().build()) {
      Conflicting store = new Conflicting(mem, 3);
      Session created = store.create("ana", null, Map.of());
      List<Map<String, Object>> seen = new ArrayList<>();
      Session updated =
          store.update(
              created.id(),
              cur -> {
                seen.add(cur.attributes());
                return cur.withAttributes(Map.of("n", String.valueOf(seen.size())));
              });
      assertThat(store.updates).hasValue(4);
      assertThat(seen).hasSize(4);
      // each retry read the session as the other writer left it
      assertThat(seen.get(1)).containsEntry("other", "writer");
      assertThat(updated.attributes()).containsEntry("n", "4");
      assertThatThrownBy(() -> store.update("no-such-session", cur -> cur))
          .isInstanceOf(SessionNotFoundException.class);
    }
  }

  @Test
  void forwarding_passesEveryCall() {
    try (InMemorySessionStore mem = InMemorySessionStore.builder().build()) {
      ForwardingSessionStore f = new ForwardingSessionStore(mem) {};
      assertThat(f.delegate()).isSameAs(mem);
      assertThat(f.name()).isEqualTo(mem.name());
      assertThat(f.ttl()).isEqualTo(mem.ttl());
      Session a = f.create("ana", null, Map.of());
      f.create("ana", null, Map.of());
      assertThat(f.find(a.id())).contains(mem.find(a.id()).orElseThrow());
      assertThat(f.touch(a.id())).isPresent();
      assertThat(f.touch("missing")).isEmpty();
      f.appendMessage(a.id(), "user", "one", Map.of());
      f.appendMessage(a.id(), "assistant", "two", Map.of());
      assertThat(f.history(a.id())).hasSize(2);
      assertThat(f.history(a.id(), 1))
          .extracting(ConversationMessage::content)
          .containsExactly("two");
      assertThat(
              f.update(mem.find(a.id()).orElseThrow().withAttributes(Map.of("x", "y")))
                  .attributes())
          .containsEntry("x", "y");
      Session imported =
          f.importSession(
              s("imported-id-1", 1).withState(Instant.now(), Instant.now().plusSeconds(60), 1),
              List.of());
      assertThat(mem.find(imported.id())).isPresent();
      assertThat(f.delete(a.id())).isTrue();
      assertThat(f.delete(a.id())).isFalse();
      assertThat(f.deleteAllForUser("ana")).isEqualTo(2);
      assertThat(f.deleteAllForUser("ana")).isZero();
      assertThat(f.health()).isEqualTo(mem.health());
      assertThat(f.toString()).contains(mem.toString());
    }
  }

  @Test
  void inMemoryStore_close_endsItsPurgeThread() throws Exception {
    java.util.Set<Thread> before = purgeThreads();
    InMemorySessionStore store =
        InMemorySessionStore.builder().purgeInterval(java.time.Duration.ofMillis(10)).build();
    long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    java.util.Set<Thread> mine = new java.util.HashSet<>();
    while (mine.isEmpty() && System.nanoTime() < end) {
      mine.addAll(purgeThreads());
      mine.removeAll(before);
      Thread.sleep(5);
    }
    assertThat(mine).as("its own purge thread, running before close").isNotEmpty();
    store.close();
    for (Thread t : mine) {
      t.join(10_000);
      assertThat(t.isAlive()).as("ended by close").isFalse();
    }
  }

  private static java.util.Set<Thread> purgeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("runway-session-purge") && t.isAlive())
        .collect(java.util.stream.Collectors.toSet());
  }
}
