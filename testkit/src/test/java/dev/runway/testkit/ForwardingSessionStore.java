package dev.runway.testkit;

import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store that forwards everything, for the broken stores of the contract strength tests to
 * override. Unlike core's {@code ForwardingSessionStore}, it leaves {@code update(id, mutation)} to
 * the interface's own loop, so that a broken {@code update(Session)} is what that loop calls.
 */
class ForwardingSessionStore implements SessionStore {

  final SessionStore real;

  ForwardingSessionStore(SessionStore real) {
    this.real = real;
  }

  @Override
  public String name() {
    return "broken";
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
    return real.update(session);
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
  public ConversationMessage appendMessage(
      String sessionId, String role, String content, Map<String, ?> metadata) {
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
}
