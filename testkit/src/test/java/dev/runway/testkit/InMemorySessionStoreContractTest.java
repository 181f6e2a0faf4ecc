package dev.runway.testkit;

import dev.runway.core.local.InMemorySessionStore;
import dev.runway.core.session.SessionStore;
import java.time.Duration;

/** The session contract against the in-memory store. */
class InMemorySessionStoreContractTest extends SessionStoreContract {

  @Override
  protected SessionStore createStore(MutableClock clock, Duration ttl) {
    return InMemorySessionStore.builder().clock(clock).ttl(ttl).build();
  }
}
