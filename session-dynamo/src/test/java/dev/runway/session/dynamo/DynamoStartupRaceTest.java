package dev.runway.session.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.testkit.DynamoDbEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Instances starting at the same moment with {@code create-tables: true}: every one of them
 * finishes, and the tables are usable, whichever created them (each runs on its own client, as a
 * separate process would; the several-process test is in examples/service).
 */
class DynamoStartupRaceTest {

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

  @Test
  @DisplayName("four instances creating the session and coordination tables at once all start")
  void concurrentCreation_allStart() throws Exception {
    int n = 4;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> started = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        started.add(
            pool.submit(
                () -> {
                  go.await();
                  DynamoSessionTables.create(
                      dynamo.client(),
                      "race-sessions",
                      "race-history",
                      DynamoSessionTables.USER_INDEX,
                      true);
                  DynamoCoordination.createTable(dynamo.client(), "race-coordination");
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : started) {
        f.get(120, TimeUnit.SECONDS); // throws if any instance failed to start
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            DynamoSessionTables.check(
                dynamo.client(), "race-sessions", "race-history", DynamoSessionTables.USER_INDEX))
        .isEmpty();
    assertThat(DynamoTables.ttlEnabled(dynamo.client(), "race-coordination")).isTrue();
  }
}
