package dev.runway.testkit;

import dev.runway.core.local.InMemorySessionStore;
import dev.runway.core.session.ConversationMessage;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionNotFoundException;
import dev.runway.core.session.SessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The session contract run against deliberately broken stores; {@link ContractStrengthTest} runs
 * each and names the test that must fail. Not picked up by the build on its own.
 */
final class BrokenSessionStoreContractRuns {

  private BrokenSessionStoreContractRuns() {}

  /** Ids from a counter: unique and long enough, but not random. */
  static class CounterIds extends SessionStoreContract {
    @Override
    protected SessionStore createStore(MutableClock clock, Duration ttl) {
      SessionStore real = InMemorySessionStore.builder().clock(clock).ttl(ttl).build();
      AtomicLong counter = new AtomicLong();
      return new ForwardingSessionStore(real) {
        @Override
        public Session create(String userId, String persona, Map<String, ?> attributes) {
          Session s = real.create(userId, persona, attributes);
          String id = String.format("%043d", counter.incrementAndGet()); // 43 base64url digits
          Session counted =
              new Session(
                  id,
                  s.userId(),
                  s.persona().orElse(null),
                  s.attributes(),
                  s.createdAt(),
                  s.lastAccessedAt(),
                  s.expiresAt(),
                  s.version());
          real.delete(s.id());
          return real.importSession(counted, List.of());
        }
      };
    }
  }

  /**
   * History appended by read, compute, write: two writers at once lose a message or share a number.
   */
  static class NonAtomicAppend extends SessionStoreContract {
    @Override
    protected SessionStore createStore(MutableClock clock, Duration ttl) {
      SessionStore real = InMemorySessionStore.builder().clock(clock).ttl(ttl).build();
      Map<String, List<ConversationMessage>> histories = new ConcurrentHashMap<>();
      return new ForwardingSessionStore(real) {
        @Override
        public ConversationMessage appendMessage(
            String sessionId, String role, String content, Map<String, ?> metadata) {
          if (real.find(sessionId).isEmpty()) {
            throw new SessionNotFoundException(sessionId);
          }
          List<ConversationMessage> before = histories.getOrDefault(sessionId, List.of());
          ConversationMessage m =
              new ConversationMessage(
                  role,
                  content,
                  clock.instant(),
                  before.size() + 1L,
                  new LinkedHashMap<>(metadata));
          LockSupport.parkNanos(200_000); // the window another writer falls into
          List<ConversationMessage> after = new ArrayList<>(before);
          after.add(m);
          histories.put(sessionId, after);
          return m;
        }

        @Override
        public List<ConversationMessage> history(String sessionId) {
          return real.find(sessionId).isEmpty()
              ? List.of()
              : histories.getOrDefault(sessionId, List.of());
        }

        @Override
        public List<ConversationMessage> history(String sessionId, int lastN) {
          List<ConversationMessage> all = history(sessionId);
          return all.subList(Math.max(0, all.size() - lastN), all.size());
        }
      };
    }
  }
}
