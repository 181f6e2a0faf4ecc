package dev.runway.cache.redis;

import dev.runway.core.coordination.Coordination;
import dev.runway.testkit.CoordinationContract;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The coordination contract against a standalone redis-server; each instance its own client. */
class RedisCoordinationContractTest extends CoordinationContract {

  private static RedisServer server;

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected Coordination createCoordination(MutableClock clock) {
    return RedisCoordination.open(RedisConnections.builder().uri(server.uri()).build(), "contract");
  }

  @Override
  protected Coordination createAnotherOnTheSameStore(MutableClock clock) {
    return createCoordination(clock);
  }

  @Override
  protected boolean followsClock() {
    return false; // Redis keeps its own time
  }
}
