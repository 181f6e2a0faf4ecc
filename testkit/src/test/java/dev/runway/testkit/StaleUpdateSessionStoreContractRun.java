package dev.runway.testkit;

import dev.runway.core.local.InMemorySessionStore;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionStore;
import java.time.Duration;

/**
 * The session contract run against a broken store whose update ignores the version (last writer
 * wins). {@link ContractStrengthTest} expects the conflict tests to fail.
 */
class StaleUpdateSessionStoreContractRun extends SessionStoreContract {

  @Override
  protected SessionStore createStore(MutableClock clock, Duration ttl) {
    SessionStore real = InMemorySessionStore.builder().clock(clock).ttl(ttl).build();
    return new ForwardingSessionStore(real) {
      @Override
      public String name() {
        return "last-writer-wins";
      }

      @Override
      public Session update(Session session) {
        Session current = real.find(session.id()).orElse(session);
        return real.update(
            session.withState(session.lastAccessedAt(), session.expiresAt(), current.version()));
      }
    };
  }
}
