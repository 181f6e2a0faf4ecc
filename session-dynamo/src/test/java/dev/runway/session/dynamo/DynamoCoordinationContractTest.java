package dev.runway.session.dynamo;

import dev.runway.core.coordination.Coordination;
import dev.runway.testkit.CoordinationContract;
import dev.runway.testkit.DynamoDbEmulator;
import dev.runway.testkit.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The coordination contract on dynalite through the real SDK; lifetimes follow the suite's clock
 * (the conditions compare the writer's clock with {@code expires_at}).
 */
class DynamoCoordinationContractTest extends CoordinationContract {

  private static DynamoDbEmulator dynamo;

  @BeforeAll
  static void startDynamo() {
    dynamo = DynamoDbEmulator.start();
    DynamoCoordination.createTable(dynamo.client(), "coordination");
  }

  @AfterAll
  static void stopDynamo() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Override
  protected Coordination createCoordination(MutableClock clock) {
    return DynamoCoordination.on(dynamo.client(), "coordination", clock);
  }

  @Override
  protected Coordination createAnotherOnTheSameStore(MutableClock clock) {
    return createCoordination(clock);
  }
}
