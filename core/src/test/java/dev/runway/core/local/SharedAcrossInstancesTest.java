package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.TestClock;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.core.coordination.InMemoryCoordination;
import dev.runway.core.cost.CostTracker;
import dev.runway.core.query.Query;
import dev.runway.core.query.QueryStats;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the users-file provider and of the cost tracker on one coordination store: what
 * one learns, the other knows. (The same across separate processes on Redis and DynamoDB is the
 * several-JVM test in examples/demo.)
 */
class SharedAcrossInstancesTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String SECRET = "a shared signing secret of 32 bytes!!";

  private final TestClock clock = new TestClock();
  private final InMemoryCoordination store = InMemoryCoordination.builder().clock(clock).build();

  private FileAuthProvider instance() {
    return FileAuthProvider.builder()
        .clock(clock)
        .signingSecret(SECRET)
        .coordination(store)
        .lockout(5, Duration.ofSeconds(30), Duration.ofMinutes(15))
        .users(
            UsersFile.empty()
                .withUser("maria", PASSWORD.toCharArray(), List.of("Field Engineer"), null, 4))
        .build();
  }

  @Test
  void lockout_countsFailuresOnEveryInstance() {
    FileAuthProvider a = instance();
    FileAuthProvider b = instance();
    for (int i = 0; i < 3; i++) {
      assertThat(((AuthResult.Failed) a.authenticate("maria", "wrong")).code())
          .isEqualTo(FailureCode.INVALID_CREDENTIALS);
    }
    assertThat(((AuthResult.Failed) b.authenticate("maria", "wrong")).code())
        .isEqualTo(FailureCode.INVALID_CREDENTIALS);
    assertThat(((AuthResult.Failed) b.authenticate("maria", "wrong")).code())
        .as("the fifth failure, across both")
        .isEqualTo(FailureCode.INVALID_CREDENTIALS);
    assertThat(((AuthResult.Failed) a.authenticate("maria", PASSWORD)).code())
        .as("locked on the other instance too")
        .isEqualTo(FailureCode.ACCOUNT_LOCKED);
    clock.advance(Duration.ofSeconds(30));
    assertThat(b.authenticate("maria", PASSWORD)).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void signOut_onOneInstance_isRefusedByTheOther_andRefreshIsSingleUseAcrossThem() {
    FileAuthProvider a = instance();
    FileAuthProvider b = instance();
    AuthResult.Authenticated signedIn =
        (AuthResult.Authenticated) a.authenticate("maria", PASSWORD);
    String access = signedIn.tokens().accessToken();
    String refresh = signedIn.tokens().refreshToken();
    assertThat(b.verify(access).username()).isEqualTo("maria");
    AuthResult refreshed = b.refresh(refresh);
    assertThat(refreshed)
        .as("a refresh token issued by one instance works on the other")
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(a.refresh(refresh)).as("once").isInstanceOf(AuthResult.Failed.class);
    String access2 = ((AuthResult.Authenticated) refreshed).tokens().accessToken();
    b.signOut(access2);
    assertThatThrownBy(() -> a.verify(access))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("sign-out");
    assertThatThrownBy(() -> a.verify(access2)).isInstanceOf(TokenVerificationException.class);
  }

  @Test
  void costs_addUpAcrossInstances_andTheBudgetAlertsOnce() {
    List<CostTracker.BudgetAlert> alerts = new ArrayList<>();
    CostTracker one = CostTracker.shared(() -> store, new BigDecimal("1.00"), alerts::add, clock);
    CostTracker two = CostTracker.shared(() -> store, new BigDecimal("1.00"), alerts::add, clock);
    QueryStats sixty =
        QueryStats.builder("athena")
            .estimatedCostUsd(new BigDecimal("0.60"))
            .bytesScanned(1L << 20)
            .build();
    one.onSuccess(
        Query.builder("SELECT 1").label("wm.stock").cacheScope("Warehouse Manager").build(), sixty);
    assertThat(alerts).isEmpty();
    two.onSuccess(
        Query.builder("SELECT 2").label("fe.jobs").cacheScope("Field Engineer").build(), sixty);
    assertThat(alerts).as("crossed once, by whichever instance crossed it").hasSize(1);
    two.onSuccess(Query.of("SELECT 3"), sixty);
    assertThat(alerts).hasSize(1);
    for (CostTracker t : List.of(one, two)) {
      CostTracker.DailyCost day = t.today();
      assertThat(day.totalUsd()).isEqualByComparingTo("1.80");
      assertThat(day.queries()).isEqualTo(3);
      assertThat(day.bytesScanned()).isEqualTo(3L << 20);
      assertThat(day.byLabel()).containsKeys("wm.stock", "fe.jobs", "(none)");
      assertThat(day.byScope().get("Field Engineer")).isEqualByComparingTo("0.60");
      assertThat(day.byEngine().get("athena")).isEqualByComparingTo("1.80");
    }
  }
}
