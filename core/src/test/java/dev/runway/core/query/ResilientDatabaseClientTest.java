package dev.runway.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.runway.core.cache.ResultCodecTest;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.resilience.ResiliencePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResilientDatabaseClientTest {

  private static final Query Q = Query.of("SELECT 1");

  private static RunwayServiceException throttled() {
    return new QueryFailedException("rate exceeded", "athena", ErrorCategory.THROTTLED, "q1", null);
  }

  private static ResiliencePolicy.Builder fast() {
    return ResiliencePolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(2));
  }

  @Test
  void execute_retryableFailuresThenSuccess_retriesUntilSuccess() {
    DatabaseClient db = mock(DatabaseClient.class);
    QueryResult ok = ResultCodecTest.sample(1);
    when(db.execute(any(Query.class))).thenThrow(throttled()).thenThrow(throttled()).thenReturn(ok);
    ResilientDatabaseClient c = ResilientDatabaseClient.wrap(db, fast().maxAttempts(3).build());
    assertThat(c.execute(Q)).isSameAs(ok);
    verify(db, times(3)).execute(Q);
  }

  @Test
  void execute_userError_failsAtOnceWithQueryId() {
    DatabaseClient db = mock(DatabaseClient.class);
    when(db.execute(any(Query.class)))
        .thenThrow(
            new QueryFailedException(
                "syntax error", "athena", ErrorCategory.USER_ERROR, "q-42", null));
    ResilientDatabaseClient c = ResilientDatabaseClient.wrap(db, fast().maxAttempts(5).build());
    assertThatThrownBy(() -> c.execute(Q))
        .isInstanceOfSatisfying(
            QueryFailedException.class, e -> assertThat(e.queryId()).contains("q-42"));
    verify(db, times(1)).execute(Q);
  }

  @Test
  void execute_retriesExhausted_throwsLastFailure() {
    DatabaseClient db = mock(DatabaseClient.class);
    when(db.execute(any(Query.class))).thenThrow(throttled());
    ResilientDatabaseClient c =
        ResilientDatabaseClient.wrap(
            db, fast().maxAttempts(4).circuitBreaker(0, Duration.ofSeconds(1)).build());
    assertThatThrownBy(() -> c.execute(Q))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.THROTTLED));
    verify(db, times(4)).execute(Q);
  }

  @Test
  void execute_repeatedFailures_openCircuitAndFailFast() {
    DatabaseClient db = mock(DatabaseClient.class);
    when(db.execute(any(Query.class))).thenThrow(throttled());
    List<ResiliencePolicy.CircuitState> changes = new ArrayList<>();
    ResiliencePolicy policy =
        fast()
            .maxAttempts(1)
            .circuitBreaker(3, Duration.ofMinutes(1))
            .onCircuitChange(changes::add)
            .build();
    ResilientDatabaseClient c = ResilientDatabaseClient.wrap(db, policy);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> c.execute(Q)).isInstanceOf(QueryFailedException.class);
    }
    assertThat(policy.circuitState()).isEqualTo(ResiliencePolicy.CircuitState.OPEN);
    assertThat(changes).containsExactly(ResiliencePolicy.CircuitState.OPEN);
    assertThatThrownBy(() -> c.execute(Q))
        .isInstanceOfSatisfying(
            RunwayServiceException.class,
            e -> {
              assertThat(e.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
              assertThat(e.getMessage()).contains("circuit breaker is open");
            });
    verify(db, times(3)).execute(Q);
  }

  @Test
  void execute_circuitHalfOpenSuccess_closesCircuit() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    DatabaseClient db = mock(DatabaseClient.class);
    QueryResult ok = ResultCodecTest.sample(1);
    when(db.execute(any(Query.class)))
        .thenAnswer(
            inv -> {
              if (calls.incrementAndGet() <= 2) {
                throw throttled();
              }
              return ok;
            });
    ResiliencePolicy policy =
        fast().maxAttempts(1).circuitBreaker(2, Duration.ofMillis(50)).build();
    ResilientDatabaseClient c = ResilientDatabaseClient.wrap(db, policy);
    assertThatThrownBy(() -> c.execute(Q)).isInstanceOf(QueryFailedException.class);
    assertThatThrownBy(() -> c.execute(Q)).isInstanceOf(QueryFailedException.class);
    assertThat(policy.circuitState()).isEqualTo(ResiliencePolicy.CircuitState.OPEN);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    QueryResult r = null;
    while (r == null && System.nanoTime() < deadline) {
      try {
        r = c.execute(Q);
      } catch (RunwayServiceException stillOpen) {
        Thread.sleep(10);
      }
    }
    assertThat(r).isSameAs(ok);
    assertThat(policy.circuitState()).isEqualTo(ResiliencePolicy.CircuitState.CLOSED);
  }

  @Test
  void timeout_slowCall_failsWithTimeoutCategory() {
    ResiliencePolicy policy = fast().maxAttempts(1).timeout(Duration.ofMillis(50)).build();
    assertThatThrownBy(
            () ->
                policy.execute(
                    () -> {
                      try {
                        Thread.sleep(5_000);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return "late";
                    }))
        .isInstanceOfSatisfying(
            RunwayServiceException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT));
  }

  @Test
  void builder_badValues_areRefusedWithTheValue() {
    assertThatThrownBy(() -> ResiliencePolicy.builder().maxAttempts(0))
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> ResiliencePolicy.builder().jitter(1.5)).hasMessageContaining("1.5");
    assertThatThrownBy(
            () -> ResiliencePolicy.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("below");
    assertThat(ResiliencePolicy.none().circuitState())
        .isEqualTo(ResiliencePolicy.CircuitState.DISABLED);
  }
}
