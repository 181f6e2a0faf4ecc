package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.coordination.InMemoryCoordination;
import dev.runway.core.query.Query;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Two instances' canaries over one coordination store: a step taken by one is the other's within a
 * second, and a rollback on one (automatic here) is a rollback on both, however healthy the other's
 * own samples are.
 */
class SharedCanaryTest {

  private final CanaryEdgeTest.MovingClock clock = new CanaryEdgeTest.MovingClock();
  private final InMemoryCoordination store = InMemoryCoordination.builder().clock(clock).build();
  private final AtomicLong ticks = new AtomicLong();

  private CanaryDatabaseClient instance(FakeClient current, FakeClient next) {
    return CanaryDatabaseClient.builder(current, next)
        .clock(clock)
        .ticker(ticks::get)
        .steps(List.of(10, 50, 100))
        .stepInterval(Duration.ofMinutes(10))
        .rollbackWhen(Duration.ofMinutes(5), 2, 0.4, Duration.ofSeconds(5))
        .coordination(store, "redshift-to-athena")
        .build();
  }

  @Test
  void stepsAndRollback_agreeAcrossInstances() {
    FakeClient nextA = new FakeClient("next");
    CanaryDatabaseClient a = instance(new FakeClient("current"), nextA);
    CanaryDatabaseClient b = instance(new FakeClient("current"), new FakeClient("next"));
    assertThat(a.percent()).isEqualTo(10);
    assertThat(b.percent()).isEqualTo(10);
    // the step interval passes, and a gathers evidence: some of 50 personas fall in the 10%
    clock.plus(Duration.ofMinutes(10));
    for (int i = 0; i < 50; i++) {
      a.execute(Query.builder("SELECT 1").cacheScope("p" + i).build());
    }
    assertThat(a.percent()).as("a took the step").isEqualTo(50);
    b.execute(Query.of("SELECT 1"));
    assertThat(b.percent())
        .as("b adopted it within a second, without evidence of its own")
        .isEqualTo(50);
    assertThat(b.events()).extracting(CanaryDatabaseClient.Event::kind).containsExactly("STEP");

    // the new engine fails on a: a rolls back, and so does b at its next routing decision
    nextA.failure = new IllegalStateException("down");
    for (int i = 0; i < 200 && a.percent() > 0; i++) {
      a.execute(Query.builder("SELECT 1").cacheScope("p" + i).build());
    }
    assertThat(a.percent()).isZero();
    clock.plus(CanaryDatabaseClient.SYNC);
    b.execute(Query.of("SELECT 1"));
    assertThat(b.percent()).isZero();
    assertThat(b.events())
        .extracting(CanaryDatabaseClient.Event::kind)
        .containsExactly("STEP", "ROLLBACK");
    // and it stays rolled back: no instance steps again
    clock.plus(Duration.ofMinutes(30));
    b.execute(Query.of("SELECT 1"));
    assertThat(b.percent()).isZero();
  }

  @Test
  void aManualRollback_onOneInstance_isEveryInstances() {
    CanaryDatabaseClient a = instance(new FakeClient("current"), new FakeClient("next"));
    CanaryDatabaseClient b = instance(new FakeClient("current"), new FakeClient("next"));
    b.rollback();
    clock.plus(CanaryDatabaseClient.SYNC);
    a.execute(Query.of("SELECT 1"));
    assertThat(a.percent()).isZero();
  }
}
