package dev.runway.athena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.coordination.Coordination;
import dev.runway.core.coordination.InMemoryCoordination;
import dev.runway.core.engine.PollingPolicy;
import dev.runway.core.engine.PollingSettings;
import dev.runway.core.query.Query;
import dev.runway.testkit.aws.AthenaFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The account's quotas held across clients: two clients (two instances' worth) on one Athena, each
 * allowed 20 queries at once and 50 status calls a second on its own, share an account limit of 2
 * running queries and 10 status calls a second through one coordination.
 */
class AthenaAccountQuotaTest {

  private static AthenaDatabaseClient client(AthenaFixture fixture, Coordination shared) {
    AthenaDatabaseClient.Builder b =
        AthenaDatabaseClient.builder()
            .endpoint(fixture.endpoint())
            .region("us-east-1")
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("fixture", "fixture")))
            .database("runway")
            .outputLocation("s3://results/test/")
            .predictive(false)
            .polling(PollingPolicy.fixed(Duration.ofMillis(20)));
    if (shared != null) {
      // a little under the account's 10 a second: calls taken a moment apart may reach the service
      // closer together (network jitter), so a quota kept exactly at the limit can still meet it
      b.accountQuota(new PollingSettings.AccountQuota(shared, "athena:test", 0, 9, 2));
    }
    return b.build();
  }

  /** Runs 6 queries of 300 ms, three on each client, and returns how many failed. */
  private static int runLoad(AthenaDatabaseClient one, AthenaDatabaseClient two) throws Exception {
    List<CompletableFuture<?>> queries = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      AthenaDatabaseClient c = i % 2 == 0 ? one : two;
      queries.add(
          c.executeAsync(
              Query.builder("/* fixture:sleep=300 */ SELECT " + i)
                  .timeout(Duration.ofSeconds(60))
                  .build()));
    }
    int failed = 0;
    for (CompletableFuture<?> q : queries) {
      try {
        q.get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        failed++;
      }
    }
    return failed;
  }

  @Test
  @DisplayName(
      "with the account's quotas enforced by the service: no call is throttled with a shared quota; "
          + "without one, the same load is")
  void accountQuotas_sharedQuotaAvoidsThrottling() throws Exception {
    for (boolean sharedQuota : new boolean[] {true, false}) {
      Coordination shared = sharedQuota ? InMemoryCoordination.builder().build() : null;
      try (AthenaFixture fixture = new AthenaFixture();
          AthenaDatabaseClient one = client(fixture, shared);
          AthenaDatabaseClient two = client(fixture, shared)) {
        fixture.callRate(
            "GetQueryExecution", 10, 10); // the account's status-call quota (here 10/s)
        fixture.maxConcurrentQueries(2); // and its running queries
        int failed = runLoad(one, two);
        long throttled =
            fixture.throttled("GetQueryExecution") + fixture.calls("StartQueryExecution") - 6;
        if (sharedQuota) {
          assertThat(failed).as("user-visible failures with a shared quota").isZero();
          assertThat(fixture.throttled("GetQueryExecution"))
              .as("status calls refused by the account")
              .isZero();
        } else {
          assertThat(throttled).as("calls the account refused without a shared quota").isPositive();
        }
      }
    }
  }

  @Test
  @DisplayName(
      "two clients never run more than the account's 2 queries at once, nor exceed its status-call rate")
  void twoClients_keepTheAccountQuotas() throws Exception {
    Coordination shared = InMemoryCoordination.builder().build();
    try (AthenaFixture fixture = new AthenaFixture();
        AthenaDatabaseClient one = client(fixture, shared);
        AthenaDatabaseClient two = client(fixture, shared)) {
      AtomicInteger most = new AtomicInteger();
      AtomicBoolean watching = new AtomicBoolean(true);
      Thread watcher =
          new Thread(
              () -> {
                while (watching.get()) {
                  most.accumulateAndGet(fixture.engine().active(), Math::max);
                  Thread.onSpinWait();
                }
              });
      watcher.start();
      fixture.resetCalls();
      long start = System.nanoTime();
      List<CompletableFuture<?>> queries = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        AthenaDatabaseClient c = i % 2 == 0 ? one : two;
        queries.add(
            c.executeAsync(
                Query.builder("/* fixture:sleep=300 */ SELECT " + i)
                    .timeout(Duration.ofSeconds(60))
                    .build()));
      }
      for (CompletableFuture<?> q : queries) {
        q.get(60, TimeUnit.SECONDS);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      watching.set(false);
      watcher.join();
      assertThat(most.get()).as("queries running at once on the account").isBetween(1, 2);
      assertThat(seconds).as("6 queries of 300 ms, 2 at a time").isGreaterThanOrEqualTo(0.85);
      long status = fixture.calls("GetQueryExecution");
      // the bucket's 9, then 9 a second: never the 2 x 50 a second the clients allow on their own
      assertThat(status).isPositive().isLessThanOrEqualTo(9 + (long) Math.ceil(seconds * 9) + 1);
    }
  }
}
