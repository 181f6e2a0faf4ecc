package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.TestClock;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.FailureCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lockout at its exact edges on a test clock: locked from the failure that reaches the limit,
 * free again at the instant the lock ends, doubling per further failure, capped at the maximum.
 */
class LockoutEdgesTest {

  private static final String PASSWORD = "correct horse battery";

  private final TestClock clock = new TestClock();
  private final FileAuthProvider auth =
      FileAuthProvider.builder()
          .clock(clock)
          .lockout(3, Duration.ofSeconds(10), Duration.ofSeconds(35))
          .users(UsersFile.empty().withUser("maria", PASSWORD.toCharArray(), List.of(), null, 4))
          .build();

  private AuthResult.Failed fail(String password) {
    AuthResult r = auth.authenticate("maria", password);
    assertThat(r).isInstanceOf(AuthResult.Failed.class);
    return (AuthResult.Failed) r;
  }

  private void lockedFor(Duration lock) {
    AuthResult.Failed locked = fail(PASSWORD);
    assertThat(locked.code()).isEqualTo(FailureCode.ACCOUNT_LOCKED);
    assertThat(locked.message())
        .isEqualTo("too many failed sign-in attempts; try again in " + lock.toSeconds() + " s");
    clock.advance(lock.minusMillis(1));
    assertThat(fail(PASSWORD).code())
        .as("1 ms before the end")
        .isEqualTo(FailureCode.ACCOUNT_LOCKED);
    assertThat(fail(PASSWORD).message()).endsWith("try again in 1 s");
    clock.advance(Duration.ofMillis(1));
  }

  @Test
  void lockedAtTheLimit_doubling_capped_andFreeAtTheEnd() {
    assertThat(fail("wrong").code()).isEqualTo(FailureCode.INVALID_CREDENTIALS);
    assertThat(fail("wrong").code()).isEqualTo(FailureCode.INVALID_CREDENTIALS);
    assertThat(fail("wrong").code())
        .as("the third failure itself is answered as such")
        .isEqualTo(FailureCode.INVALID_CREDENTIALS);
    lockedFor(Duration.ofSeconds(10));
    assertThat(fail("wrong").code())
        .as("free at the instant the lock ends")
        .isEqualTo(FailureCode.INVALID_CREDENTIALS);
    lockedFor(Duration.ofSeconds(20));
    assertThat(fail("wrong").code()).isEqualTo(FailureCode.INVALID_CREDENTIALS);
    lockedFor(Duration.ofSeconds(35)); // 40 s, capped
    assertThat(fail("wrong").code()).isEqualTo(FailureCode.INVALID_CREDENTIALS);
    lockedFor(Duration.ofSeconds(35));
    assertThat(auth.authenticate("maria", PASSWORD)).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void belowTheLimit_aRightPasswordSignsIn() {
    fail("wrong");
    fail("wrong");
    assertThat(auth.authenticate("maria", PASSWORD)).isInstanceOf(AuthResult.Authenticated.class);
  }
}
