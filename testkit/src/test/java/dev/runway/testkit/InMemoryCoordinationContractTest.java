package dev.runway.testkit;

import dev.runway.core.coordination.Coordination;
import dev.runway.core.coordination.InMemoryCoordination;

/** The coordination contract against the in-memory default, on the suite's clock. */
class InMemoryCoordinationContractTest extends CoordinationContract {

  @Override
  protected Coordination createCoordination(MutableClock clock) {
    return InMemoryCoordination.builder().clock(clock).build();
  }
}
