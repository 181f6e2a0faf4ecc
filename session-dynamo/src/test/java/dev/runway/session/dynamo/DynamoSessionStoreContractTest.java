package dev.runway.session.dynamo;

import dev.runway.core.session.SessionStore;
import dev.runway.testkit.DynamoDbEmulator;
import dev.runway.testkit.MutableClock;
import dev.runway.testkit.SessionStoreContract;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The session contract against the DynamoDB emulator, with the tables as production has them (TTL
 * enabled). The emulator, like DynamoDB within its deletion window (typically up to two days),
 * never deletes expired items, so every expiry the contract observes is the store's own check
 * against the suite's clock.
 */
class DynamoSessionStoreContractTest extends SessionStoreContract {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static DynamoDbEmulator dynamo;

  @BeforeAll
  static void startDynamo() {
    dynamo = DynamoDbEmulator.start();
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
    return DynamoSessionStore.builder()
        .client(dynamo.client())
        .table("sessions" + n)
        .historyTable("history" + n)
        .ttl(ttl)
        .touchInterval(Duration.ZERO)
        .clock(clock)
        .createTables(true, true)
        .build();
  }
}
