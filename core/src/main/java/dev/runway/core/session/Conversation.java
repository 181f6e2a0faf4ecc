package dev.runway.core.session;

import java.util.List;
import java.util.Objects;

/**
 * A live session with its conversation history, as {@link SessionStore#findWithHistory} read them.
 *
 * @param session the session
 * @param messages its history in sequence order
 */
public record Conversation(Session session, List<ConversationMessage> messages) {

  /** Validates and copies. */
  public Conversation {
    Objects.requireNonNull(session, "session");
    messages = List.copyOf(messages);
  }
}
