package dev.runway.micrometer;

import dev.runway.core.session.Conversation;
import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.ForwardingSessionStore;
import dev.runway.core.session.NewMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Observes every session operation as {@code runway.session}, with the operation and its outcome
 * ({@code success}, {@code not-found}, {@code conflict}, {@code error}) and never a session or user
 * id; a conflict also counts {@code runway.session.conflicts}.
 */
final class ObservedSessionStore extends ForwardingSessionStore {

  static final String NAME = "runway.session";

  private final RunwayObservations observations;

  ObservedSessionStore(SessionStore delegate, RunwayObservations observations) {
    super(delegate);
    this.observations = observations;
  }

  private <T> T observe(String operation, Supplier<T> body, Function<T, String> outcome) {
    return observations.observe(NAME, name(), operation, body, outcome);
  }

  private static <T> String found(Optional<T> o) {
    return o.isPresent() ? "success" : "not-found";
  }

  @Override
  public Session create(String userId, @Nullable String persona, Map<String, ?> attributes) {
    return observe("create", () -> super.create(userId, persona, attributes), s -> "success");
  }

  @Override
  public Optional<Session> find(String id) {
    return observe("find", () -> super.find(id), ObservedSessionStore::found);
  }

  @Override
  public Session update(Session session) {
    return observe("update", () -> super.update(session), s -> "success");
  }

  @Override
  public Session update(String id, UnaryOperator<Session> mutation) {
    return observe("update", () -> super.update(id, mutation), s -> "success");
  }

  @Override
  public Optional<Session> touch(String id) {
    return observe("touch", () -> super.touch(id), ObservedSessionStore::found);
  }

  @Override
  public boolean delete(String id) {
    return observe("delete", () -> super.delete(id), d -> d ? "success" : "not-found");
  }

  @Override
  public int deleteAllForUser(String userId) {
    return observe("delete-all-for-user", () -> super.deleteAllForUser(userId), n -> "success");
  }

  @Override
  public ConversationMessage appendMessage(
      String sessionId, String role, String content, Map<String, ?> metadata) {
    return observe(
        "append-message",
        () -> super.appendMessage(sessionId, role, content, metadata),
        m -> "success");
  }

  @Override
  public List<ConversationMessage> appendMessages(String sessionId, List<NewMessage> messages) {
    return observe(
        "append-messages", () -> super.appendMessages(sessionId, messages), m -> "success");
  }

  @Override
  public Optional<Conversation> findWithHistory(String id) {
    return observe(
        "find-with-history", () -> super.findWithHistory(id), ObservedSessionStore::found);
  }

  @Override
  public List<ConversationMessage> history(String sessionId) {
    return observe("history", () -> super.history(sessionId), h -> "success");
  }

  @Override
  public List<ConversationMessage> history(String sessionId, int lastN) {
    return observe("history", () -> super.history(sessionId, lastN), h -> "success");
  }

  @Override
  public Session importSession(Session session, List<ConversationMessage> history) {
    return observe("import", () -> super.importSession(session, history), s -> "success");
  }
}
