package dev.runway.examples.extending;

import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionConflictException;
import dev.runway.core.session.SessionIds;
import dev.runway.core.session.SessionNotFoundException;
import dev.runway.core.session.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The README's walk-through of "Implementing an interface": a {@code SessionStore} on a {@link
 * ConcurrentHashMap}. What the contract holds every store to, and how this one does it: ids from
 * {@link SessionIds} (256 random bits); an expired session is never returned whatever the map still
 * holds; an update is applied only to the version it was read at (the map's {@code compute} makes
 * check-and-write one step); history is ordered by a per-session counter.
 */
public final class MapSessionStore implements SessionStore {

  private record Stored(Session session, List<ConversationMessage> history) {}

  private final ConcurrentHashMap<String, Stored> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;

  /** Creates the store. */
  public MapSessionStore(Clock clock, Duration ttl) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  @Override
  public String name() {
    return "map";
  }

  @Override
  public Duration ttl() {
    return ttl;
  }

  @Override
  public Session create(String userId, String persona, Map<String, ?> attributes) {
    Instant now = clock.instant();
    Session s =
        new Session(SessionIds.next(), userId, persona, attributes, now, now, now.plus(ttl), 1);
    sessions.put(s.id(), new Stored(s, List.of()));
    return s;
  }

  private Optional<Stored> live(String id) {
    Stored st = sessions.get(id);
    return st == null || st.session().isExpiredAt(clock.instant())
        ? Optional.empty()
        : Optional.of(st);
  }

  @Override
  public Optional<Session> find(String id) {
    return live(id).map(Stored::session);
  }

  @Override
  public Session update(Session session) {
    Stored after =
        sessions.compute(
            session.id(),
            (id, st) -> {
              if (st == null || st.session().isExpiredAt(clock.instant())) {
                throw new SessionNotFoundException(id);
              }
              if (st.session().version() != session.version()) {
                throw new SessionConflictException(id, session.version(), st.session().version());
              }
              Instant now = clock.instant();
              Session next =
                  new Session(
                      id,
                      st.session().userId(),
                      session.persona().orElse(null),
                      session.attributes(),
                      st.session().createdAt(),
                      now,
                      now.plus(ttl),
                      session.version() + 1);
              return new Stored(next, st.history());
            });
    return after.session();
  }

  @Override
  public Optional<Session> touch(String id) {
    Stored after =
        sessions.computeIfPresent(
            id,
            (k, st) -> {
              if (st.session().isExpiredAt(clock.instant())) {
                return st;
              }
              Instant now = clock.instant();
              return new Stored(
                  st.session().withState(now, now.plus(ttl), st.session().version()), st.history());
            });
    return after == null || after.session().isExpiredAt(clock.instant())
        ? Optional.empty()
        : Optional.of(after.session());
  }

  @Override
  public boolean delete(String id) {
    return sessions.remove(id) != null;
  }

  @Override
  public int deleteAllForUser(String userId) {
    int[] n = {0};
    sessions.values().removeIf(st -> st.session().userId().equals(userId) && ++n[0] > 0);
    return n[0];
  }

  @Override
  public ConversationMessage appendMessage(
      String sessionId, String role, String content, Map<String, ?> metadata) {
    ConversationMessage[] added = new ConversationMessage[1];
    sessions.compute(
        sessionId,
        (id, st) -> {
          if (st == null || st.session().isExpiredAt(clock.instant())) {
            throw new SessionNotFoundException(id);
          }
          List<ConversationMessage> history = new ArrayList<>(st.history());
          added[0] =
              new ConversationMessage(
                  role,
                  content,
                  clock.instant(),
                  history.size() + 1L,
                  new LinkedHashMap<>(metadata));
          history.add(added[0]);
          return new Stored(st.session(), List.copyOf(history));
        });
    return added[0];
  }

  @Override
  public List<ConversationMessage> history(String sessionId) {
    return live(sessionId).map(Stored::history).orElse(List.of());
  }

  @Override
  public List<ConversationMessage> history(String sessionId, int lastN) {
    List<ConversationMessage> all = history(sessionId);
    return all.subList(Math.max(0, all.size() - lastN), all.size());
  }

  @Override
  public Session importSession(Session session, List<ConversationMessage> history) {
    Stored st =
        sessions.merge(
            session.id(),
            new Stored(session, List.copyOf(history)),
            (old, given) -> old.session().isExpiredAt(clock.instant()) ? given : old);
    return st.session();
  }
}
