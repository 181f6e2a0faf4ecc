package dev.runway.migrate;

import dev.runway.core.health.Health;
import dev.runway.core.session.Conversation;
import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.NewMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionNotFoundException;
import dev.runway.core.session.SessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sessions from one store to another without signing anyone out, for example from in-memory
 * sessions to DynamoDB. New sessions are created in the new store; a session found only in the old
 * store is copied across (with its id, version, expiry and history) the first time it is used, and
 * from then on read and written in the new store. The old store is left as it was, so rolling back
 * means configuring the old store again (sessions changed since are then seen as they were before
 * the move). Thread-safe if both stores are.
 */
public final class MigratingSessionStore implements SessionStore {

  private static final Logger LOG = LoggerFactory.getLogger(MigratingSessionStore.class);

  private final SessionStore from;
  private final SessionStore to;

  private MigratingSessionStore(SessionStore from, SessionStore to) {
    this.from = Objects.requireNonNull(from, "from");
    this.to = Objects.requireNonNull(to, "to");
  }

  /** Returns a store that moves sessions from {@code from} to {@code to} as they are used. */
  public static MigratingSessionStore between(SessionStore from, SessionStore to) {
    return new MigratingSessionStore(from, to);
  }

  @Override
  public String name() {
    return from.name() + "->" + to.name();
  }

  @Override
  public Duration ttl() {
    return to.ttl();
  }

  @Override
  public Session create(String userId, @Nullable String persona, Map<String, ?> attributes) {
    return to.create(userId, persona, attributes);
  }

  @Override
  public Optional<Session> find(String id) {
    Optional<Session> inNew = to.find(id);
    if (inNew.isPresent()) {
      return inNew;
    }
    Optional<Session> inOld = from.find(id);
    if (inOld.isEmpty()) {
      return Optional.empty();
    }
    Session moved = to.importSession(inOld.get(), from.history(id));
    LOG.debug("moved session {} to {}", Session.mask(id), to.name());
    return Optional.of(moved);
  }

  @Override
  public Session update(Session session) {
    find(session.id()); // moves it first, so the version check happens in the new store
    return to.update(session);
  }

  @Override
  public Optional<Session> touch(String id) {
    return find(id).isPresent() ? to.touch(id) : Optional.empty();
  }

  @Override
  public boolean delete(String id) {
    boolean a = from.delete(id);
    boolean b = to.delete(id);
    return a || b;
  }

  /** Deletes the user's sessions in both stores; a session already moved is counted in each. */
  @Override
  public int deleteAllForUser(String userId) {
    return from.deleteAllForUser(userId) + to.deleteAllForUser(userId);
  }

  @Override
  public ConversationMessage appendMessage(
      String sessionId, String role, String content, Map<String, ?> metadata) {
    find(sessionId);
    return to.appendMessage(sessionId, role, content, metadata);
  }

  /**
   * Appends in the new store; a session found only in the old one is moved first. A session already
   * moved costs no extra call.
   */
  @Override
  public List<ConversationMessage> appendMessages(String sessionId, List<NewMessage> messages) {
    try {
      return to.appendMessages(sessionId, messages);
    } catch (SessionNotFoundException notMovedYet) {
      if (find(sessionId).isEmpty()) {
        throw notMovedYet;
      }
      return to.appendMessages(sessionId, messages);
    }
  }

  /** Reads from the new store; a session found only in the old one is moved, then read. */
  @Override
  public Optional<Conversation> findWithHistory(String id) {
    Optional<Conversation> inNew = to.findWithHistory(id);
    if (inNew.isPresent()) {
      return inNew;
    }
    return find(id).isPresent() ? to.findWithHistory(id) : Optional.empty();
  }

  @Override
  public List<ConversationMessage> history(String sessionId) {
    return find(sessionId).isPresent() ? to.history(sessionId) : List.of();
  }

  @Override
  public List<ConversationMessage> history(String sessionId, int lastN) {
    return find(sessionId).isPresent() ? to.history(sessionId, lastN) : List.of();
  }

  @Override
  public Session importSession(Session session, List<ConversationMessage> history) {
    return to.importSession(session, history);
  }

  @Override
  public Health health() {
    Health a = from.health();
    Health b = to.health();
    return b.status().ordinal() >= a.status().ordinal() ? b : a;
  }

  /** Closes both stores. */
  @Override
  public void close() {
    try {
      from.close();
    } finally {
      to.close();
    }
  }
}
