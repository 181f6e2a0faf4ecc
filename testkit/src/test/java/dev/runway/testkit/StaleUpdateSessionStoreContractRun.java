package dev.runway.testkit;

import dev.runway.core.local.InMemorySessionStore;
import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The session contract run against a broken store whose update ignores the version (last writer
 * wins). {@link ContractStrengthTest} expects the conflict tests to fail.
 */
class StaleUpdateSessionStoreContractRun extends SessionStoreContract {

  @Override
  protected SessionStore createStore(MutableClock clock, Duration ttl) {
    SessionStore real = InMemorySessionStore.builder().clock(clock).ttl(ttl).build();
    return new SessionStore() {
      @Override
      public String name() {
        return "last-writer-wins";
      }

      @Override
      public Duration ttl() {
        return real.ttl();
      }

      @Override
      public Session create(String userId, String persona, Map<String, ?> attributes) {
        return real.create(userId, persona, attributes);
      }

      @Override
      public Optional<Session> find(String id) {
        return real.find(id);
      }

      @Override
      public Session update(Session session) {
        Session current = real.find(session.id()).orElse(session);
        return real.update(session.withState(session.lastAccessedAt(), session.expiresAt(), current.version()));
      }

      @Override
      public Optional<Session> touch(String id) {
        return real.touch(id);
      }

      @Override
      public boolean delete(String id) {
        return real.delete(id);
      }

      @Override
      public int deleteAllForUser(String userId) {
        return real.deleteAllForUser(userId);
      }

      @Override
      public ConversationMessage appendMessage(String sessionId, String role, String content, Map<String, ?> metadata) {
        return real.appendMessage(sessionId, role, content, metadata);
      }

      @Override
      public List<ConversationMessage> history(String sessionId) {
        return real.history(sessionId);
      }

      @Override
      public List<ConversationMessage> history(String sessionId, int lastN) {
        return real.history(sessionId, lastN);
      }

      @Override
      public Session importSession(Session session, List<ConversationMessage> history) {
        return real.importSession(session, history);
      }
    };
  }
}
