package dev.runway.core.local;

import dev.runway.core.internal.Checks;
import dev.runway.core.internal.DaemonThreads;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.session.Conversation;
import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.NewMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionConflictException;
import dev.runway.core.session.SessionIds;
import dev.runway.core.session.SessionNotFoundException;
import dev.runway.core.session.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionStore} in process memory, for one instance of an application. Thread-safe.
 *
 * <p>Each session is updated atomically with {@link ConcurrentHashMap#compute}, so version checks
 * and writes cannot interleave. Expired sessions are never returned, and a background task removes
 * them (with their history) every purge interval so that memory does not grow with dead sessions.
 * Time comes from the injected {@link Clock}.
 */
public final class InMemorySessionStore implements SessionStore {

  private static final class Stored {
    final Session session;
    final List<ConversationMessage> history;

    Stored(Session session, List<ConversationMessage> history) {
      this.session = session;
      this.history = history;
    }
  }

  private final ConcurrentHashMap<String, Stored> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;
  private final @Nullable ScheduledExecutorService purger;
  private final AtomicBoolean closed = new AtomicBoolean();

  private InMemorySessionStore(Builder b) {
    this.clock = b.clock;
    this.ttl = b.ttl;
    if (b.purgeInterval.isZero()) {
      this.purger = null;
    } else {
      this.purger =
          Executors.newSingleThreadScheduledExecutor(new DaemonThreads("runway-session-purge"));
      long nanos = b.purgeInterval.toNanos();
      purger.scheduleWithFixedDelay(this::purgeExpired, nanos, nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Returns an in-memory store with a one-hour sliding TTL. */
  public static InMemorySessionStore create() {
    return builder().build();
  }

  /** Returns a builder: one-hour TTL, system clock, purge every minute. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Duration ttl() {
    return ttl;
  }

  @Override
  public Session create(String userId, @Nullable String persona, Map<String, ?> attributes) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(attributes, "attributes");
    Instant now = clock.instant();
    Session s =
        new Session(SessionIds.next(), userId, persona, attributes, now, now, now.plus(ttl), 1);
    sessions.put(s.id(), new Stored(s, List.of()));
    return s;
  }

  @Override
  public Optional<Session> find(String id) {
    Objects.requireNonNull(id, "id");
    Stored st = sessions.get(id);
    return st == null || st.session.isExpiredAt(clock.instant())
        ? Optional.empty()
        : Optional.of(st.session);
  }

  @Override
  public Session update(Session session) {
    Objects.requireNonNull(session, "session");
    AtomicReference<Session> result = new AtomicReference<>();
    sessions.compute(
        session.id(),
        (id, cur) -> {
          Instant now = clock.instant();
          if (cur == null || cur.session.isExpiredAt(now)) {
            throw new SessionNotFoundException(id);
          }
          if (cur.session.version() != session.version()) {
            throw new SessionConflictException(id, session.version(), cur.session.version());
          }
          Session next =
              new Session(
                  id,
                  cur.session.userId(),
                  session.persona().orElse(null),
                  session.attributes(),
                  cur.session.createdAt(),
                  now,
                  cur.session.expiresAt(),
                  cur.session.version() + 1);
          result.set(next);
          return new Stored(next, cur.history);
        });
    return Objects.requireNonNull(result.get(), "set by compute");
  }

  @Override
  public Optional<Session> touch(String id) {
    Objects.requireNonNull(id, "id");
    AtomicReference<Session> result = new AtomicReference<>();
    sessions.computeIfPresent(
        id,
        (k, cur) -> {
          Instant now = clock.instant();
          if (cur.session.isExpiredAt(now)) {
            return cur;
          }
          // Touching does not change the version: it must not make a concurrent update conflict.
          Session next = cur.session.withState(now, now.plus(ttl), cur.session.version());
          result.set(next);
          return new Stored(next, cur.history);
        });
    return Optional.ofNullable(result.get());
  }

  @Override
  public boolean delete(String id) {
    Stored removed = sessions.remove(Objects.requireNonNull(id, "id"));
    return removed != null && !removed.session.isExpiredAt(clock.instant());
  }

  @Override
  public int deleteAllForUser(String userId) {
    Objects.requireNonNull(userId, "userId");
    int[] count = {0};
    Instant now = clock.instant();
    sessions
        .values()
        .removeIf(
            st -> {
              if (!st.session.userId().equals(userId)) {
                return false;
              }
              if (!st.session.isExpiredAt(now)) {
                count[0]++;
              }
              return true;
            });
    return count[0];
  }

  @Override
  public ConversationMessage appendMessage(
      String sessionId, String role, String content, Map<String, ?> metadata) {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    AtomicReference<ConversationMessage> result = new AtomicReference<>();
    sessions.compute(
        Objects.requireNonNull(sessionId, "sessionId"),
        (id, cur) -> {
          Instant now = clock.instant();
          if (cur == null || cur.session.isExpiredAt(now)) {
            throw new SessionNotFoundException(id);
          }
          @SuppressWarnings("unchecked")
          ConversationMessage m =
              new ConversationMessage(
                  role,
                  content,
                  now,
                  cur.history.size() + 1L,
                  metadata == null ? Map.of() : (Map<String, Object>) metadata);
          List<ConversationMessage> history = new ArrayList<>(cur.history.size() + 1);
          history.addAll(cur.history);
          history.add(m);
          result.set(m);
          return new Stored(cur.session, List.copyOf(history));
        });
    return Objects.requireNonNull(result.get(), "set by compute");
  }

  /**
   * Appends the messages and slides the expiry in one atomic step: their sequences are consecutive.
   */
  @Override
  public List<ConversationMessage> appendMessages(String sessionId, List<NewMessage> messages) {
    Objects.requireNonNull(sessionId, "sessionId");
    List<NewMessage> batch = List.copyOf(messages);
    if (batch.isEmpty()) {
      return List.of();
    }
    AtomicReference<List<ConversationMessage>> result = new AtomicReference<>();
    sessions.compute(
        sessionId,
        (id, cur) -> {
          Instant now = clock.instant();
          if (cur == null || cur.session.isExpiredAt(now)) {
            throw new SessionNotFoundException(id);
          }
          List<ConversationMessage> added = new ArrayList<>(batch.size());
          long seq = cur.history.size();
          for (NewMessage m : batch) {
            added.add(new ConversationMessage(m.role(), m.content(), now, ++seq, m.metadata()));
          }
          List<ConversationMessage> history = new ArrayList<>(cur.history.size() + batch.size());
          history.addAll(cur.history);
          history.addAll(added);
          result.set(List.copyOf(added));
          Session touched = cur.session.withState(now, now.plus(ttl), cur.session.version());
          return new Stored(touched, List.copyOf(history));
        });
    return Objects.requireNonNull(result.get(), "set by compute");
  }

  @Override
  public Optional<Conversation> findWithHistory(String id) {
    Stored st = sessions.get(Objects.requireNonNull(id, "id"));
    return st == null || st.session.isExpiredAt(clock.instant())
        ? Optional.empty()
        : Optional.of(new Conversation(st.session, st.history));
  }

  @Override
  public List<ConversationMessage> history(String sessionId) {
    Stored st = sessions.get(Objects.requireNonNull(sessionId, "sessionId"));
    return st == null || st.session.isExpiredAt(clock.instant()) ? List.of() : st.history;
  }

  @Override
  public List<ConversationMessage> history(String sessionId, int lastN) {
    if (lastN < 0) {
      throw new IllegalArgumentException("lastN must be >= 0, got " + lastN);
    }
    List<ConversationMessage> all = history(sessionId);
    return all.subList(Math.max(0, all.size() - lastN), all.size());
  }

  @Override
  public Session importSession(Session session, List<ConversationMessage> history) {
    Objects.requireNonNull(session, "session");
    Stored stored =
        sessions.compute(
            session.id(),
            (id, cur) ->
                cur != null && !cur.session.isExpiredAt(clock.instant())
                    ? cur
                    : new Stored(session, List.copyOf(history)));
    return stored.session;
  }

  /** Removes every expired session and its history now; returns how many were removed. */
  public int purgeExpired() {
    Instant now = clock.instant();
    int before = sessions.size();
    sessions.values().removeIf(st -> st.session.isExpiredAt(now));
    return before - sessions.size();
  }

  /** Returns the number of sessions held, including expired ones not yet purged. */
  public int size() {
    return sessions.size();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && purger != null) {
      purger.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "InMemorySessionStore{ttl=" + ttl + ", sessions=" + sessions.size() + "}";
  }

  /** Builds an {@link InMemorySessionStore}; not thread-safe. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("InMemorySessionStore.Builder");
    private Duration ttl = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private Duration purgeInterval = Duration.ofMinutes(1);

    private Builder() {}

    /** Sets how long a session lives after its creation or last touch (default 1 hour). */
    public Builder ttl(Duration ttl) {
      once.check("ttl", ttl);
      this.ttl = Checks.positive(ttl, "ttl");
      return this;
    }

    /** Sets the clock (for tests). */
    public Builder clock(Clock clock) {
      once.check("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets how often expired sessions are removed; zero turns the background task off. */
    public Builder purgeInterval(Duration interval) {
      once.check("purgeInterval", interval);
      this.purgeInterval = Checks.nonNegative(interval, "purgeInterval");
      return this;
    }

    /** Returns the store; starts its purge thread (a daemon). */
    public InMemorySessionStore build() {
      return new InMemorySessionStore(this);
    }
  }
}
