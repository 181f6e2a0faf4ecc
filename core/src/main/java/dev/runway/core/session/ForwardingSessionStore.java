package dev.runway.core.session;

import dev.runway.core.health.Health;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionStore} that forwards every call to another; decorators extend it and override
 * only what they change. {@link #update(String, UnaryOperator)} is forwarded too, so the delegate's
 * own retry on conflict is kept.
 */
public abstract class ForwardingSessionStore implements SessionStore {

  private final SessionStore delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingSessionStore(SessionStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Returns the store calls are forwarded to. */
  public SessionStore delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Duration ttl() {
    return delegate.ttl();
  }

  @Override
  public Session create(String userId, @Nullable String persona, Map<String, ?> attributes) {
    return delegate.create(userId, persona, attributes);
  }

  @Override
  public Optional<Session> find(String id) {
    return delegate.find(id);
  }

  @Override
  public Session update(Session session) {
    return delegate.update(session);
  }

  @Override
  public Session update(String id, UnaryOperator<Session> mutation) {
    return delegate.update(id, mutation);
  }

  @Override
  public Optional<Session> touch(String id) {
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
  public List<ConversationMessage> appendMessages(String sessionId, List<NewMessage> messages) {
    return delegate.appendMessages(sessionId, messages);
  }

  @Override
  public Optional<Conversation> findWithHistory(String id) {
    return delegate.findWithHistory(id);
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

  @Override
  public Health health() {
    return delegate.health();
  }

  /** Closes the delegate. */
  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
