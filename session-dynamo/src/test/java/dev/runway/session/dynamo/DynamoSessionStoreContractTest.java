package dev.runway.session.dynamo;

import dev.runway.core.session.SessionStore;
import dev.runway.testkit.DynamoDbLocal;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.SessionStoreContract;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The session contract against DynamoDB Local. The tables have TTL disabled: DynamoDB Local 2.x
 * deletes expired items within seconds, which would hide what production shows (expired items
 * that linger for up to 48 hours), and the suite's clock is not the server's.
 */
class DynamoSessionStoreContractTest extends SessionStoreContract {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static DynamoDbLocal dynamo;

  @BeforeAll
  static void startDynamo() {
    dynamo = DynamoDbLocal.start();
  }

  @AfterAll
  static void stopDynamo() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Override
  protected SessionStore createStore(MutableClock clock, Duration ttl) {
    int n = TABLES.incrementAndGet();
    return DynamoSessionStore.builder().client(dynamo.client()).table("sessions" + n)
        .historyTable("history" + n).ttl(ttl).touchInterval(Duration.ZERO).clock(clock)
        .createTables(true, false).build();
  }
}
