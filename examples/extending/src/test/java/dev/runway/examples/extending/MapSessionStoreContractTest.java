package dev.runway.examples.extending;

import dev.runway.core.session.SessionStore;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.SessionStoreContract;
import java.time.Duration;

/** The walk-through's session store against the published contract suite. */
// spotless:off (a documentation snippet: formatted for reading, see DocsTest)
// tag::contract[]
class MapSessionStoreContractTest extends SessionStoreContract {

  @Override
  protected SessionStore createStore(MutableClock clock, Duration ttl) {
    return new MapSessionStore(clock, ttl);
  }
}
// end::contract[]
// spotless:on
