package dev.runway.core.session;

import dev.runway.core.health.Health;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Stores user sessions and their conversation history, in memory or in DynamoDB. Implementations
 * are thread-safe.
 *
 * <p>An expired session is never returned, updated or touched, even if the backend has not deleted
 * it yet. Updates use optimistic concurrency: an update based on a stale version throws {@link
 * SessionConflictException} and changes nothing.
 */
public interface SessionStore extends AutoCloseable {

  /** Returns the backend's name for health reports, such as {@code memory} or {@code dynamodb}. */
  String name();

  /** Returns the time a session lives after its last use. */
  Duration ttl();

  /**
   * Creates a session with a new random id (at least 128 bits) at version 1.
   *
   * @param userId the user's id
   * @param persona the active persona, or {@code null}
   * @param attributes initial JSON-like attributes
   */
  Session create(String userId, @Nullable String persona, Map<String, ?> attributes);

  /** Returns the live session with {@code id}; empty if it does not exist or has expired. */
  Optional<Session> find(String id);

  /**
   * Stores {@code session}'s persona and attributes if the stored version still equals {@code
   * session.version()}, and returns the stored session with the next version.
   *
   * @throws SessionConflictException if the session was updated since it was read
   * @throws SessionNotFoundException if it does not exist or has expired
   */
  Session update(Session session);

  /**
   * Reads the session, applies {@code mutation} and updates it. On a conflict (another writer got
   * there first) it reads again and retries after a jittered, exponentially growing pause (1 ms
   * doubling to 64 ms, a random fraction of it), for up to {@link #UPDATE_RETRY_DEADLINE}; the
   * jitter spreads writers that collided so that they do not collide again in lock step. {@code
   * mutation} may therefore run more than once and must not have side effects.
   *
   * @throws SessionNotFoundException if it does not exist or has expired
   * @throws SessionConflictException if it still conflicts when the deadline passes
   */
  default Session update(String id, UnaryOperator<Session> mutation) {
    long deadline = System.nanoTime() + UPDATE_RETRY_DEADLINE.toNanos();
    long pauseCapNanos = 1_000_000L;
    while (true) {
      Session current = find(id).orElseThrow(() -> new SessionNotFoundException(id));
      try {
        return update(mutation.apply(current));
      } catch (SessionConflictException e) {
        long pause = ThreadLocalRandom.current().nextLong(pauseCapNanos + 1);
        if (System.nanoTime() + pause > deadline) {
          throw e;
        }
        LockSupport.parkNanos(pause);
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
        pauseCapNanos = Math.min(pauseCapNanos * 2, 64_000_000L);
      }
    }
  }

  /** How long {@link #update(String, UnaryOperator)} keeps retrying a conflicting update. */
  Duration UPDATE_RETRY_DEADLINE = Duration.ofSeconds(10);

  /** Extends the session's expiry by {@link #ttl()} from now; empty if it is gone or expired. */
  Optional<Session> touch(String id);

  /** Deletes the session and its history; returns whether it existed. */
  boolean delete(String id);

  /** Deletes every session of a user (sign-out everywhere); returns how many there were. */
  int deleteAllForUser(String userId);

  /**
   * Appends a message to the session's history, stamped with the store's clock and the next
   * sequence number.
   *
   * @throws SessionNotFoundException if the session does not exist or has expired
   */
  ConversationMessage appendMessage(
      String sessionId, String role, String content, Map<String, ?> metadata);

  /**
   * Appends several messages (a question and its answer) in list order, and counts as an access of
   * the session: like {@link #touch}, it moves the session's expiry to a full TTL from now. Each
   * message gets a higher sequence than the one before it. A remote store does it in as few round
   * trips as it can (the DynamoDB store: one conditional update and one batch write, whatever the
   * number of messages) instead of one {@link #appendMessage} and a {@link #touch} each; the
   * default does exactly that. An empty list appends nothing and makes no call.
   *
   * @return the appended messages, in list order
   * @throws SessionNotFoundException if the session does not exist or has expired (nothing is
   *     appended)
   */
  default List<ConversationMessage> appendMessages(String sessionId, List<NewMessage> messages) {
    if (messages.isEmpty()) {
      return List.of();
    }
    List<ConversationMessage> out = new ArrayList<>(messages.size());
    for (NewMessage m : messages) {
      out.add(appendMessage(sessionId, m.role(), m.content(), m.metadata()));
    }
    touch(sessionId);
    return List.copyOf(out);
  }

  /**
   * Returns the live session with its whole history, or empty for a missing or expired session:
   * what {@link #find} and {@link #history(String)} return, read in as few round trips as the store
   * allows (the DynamoDB store: one read of the session and one query of its history; the default
   * calls both, so the history is checked live twice).
   */
  default Optional<Conversation> findWithHistory(String id) {
    return find(id).map(s -> new Conversation(s, history(id)));
  }

  /** Returns the whole history in time order; empty for a missing or expired session. */
  List<ConversationMessage> history(String sessionId);

  /** Returns the newest {@code lastN} messages, in time order. */
  List<ConversationMessage> history(String sessionId, int lastN);

  /**
   * Stores a session exactly as given (id, times, version) with its history, for moving sessions
   * between stores. If a live session with the same id exists already, it is kept and returned
   * instead (another instance migrated it first).
   *
   * @return the stored session
   */
  Session importSession(Session session, List<ConversationMessage> history);

  /** Reports whether the store serves requests. Never throws. */
  default Health health() {
    return Health.up("sessions:" + name());
  }

  /** Releases connections and threads. Idempotent. */
  @Override
  default void close() {}
}
