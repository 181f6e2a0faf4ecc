package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.auth.Principal;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.core.auth.Tokens;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fallback's rules, on mocked providers. The real thing runs in the Cognito module's tests. */
class FallbackAuthProviderTest {

  private static final AuthResult.Failed INVALID =
      new AuthResult.Failed(FailureCode.INVALID_CREDENTIALS, "Nope.");

  private static AuthResult.Authenticated ok(String user) {
    return new AuthResult.Authenticated(
        new Principal(user, user, null, Set.of(), Instant.now().plusSeconds(60)),
        new Tokens("access-" + user, null, null, Instant.now().plusSeconds(60)));
  }

  @Test
  @DisplayName(
      "the primary answers when it can; the secondary only for credentials the primary rejects")
  void order() {
    AuthProvider primary = mock(AuthProvider.class);
    AuthProvider secondary = mock(AuthProvider.class);
    when(primary.authenticate("a", "p")).thenReturn(ok("a"));
    when(primary.authenticate("b", "p")).thenReturn(INVALID);
    when(secondary.authenticate("b", "p")).thenReturn(ok("b"));
    when(primary.authenticate("c", "p"))
        .thenReturn(new AuthResult.Failed(FailureCode.THROTTLED, "Later."));
    FallbackAuthProvider f = FallbackAuthProvider.builder(primary, secondary).build();
    assertThat(f.authenticate("a", "p")).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(f.authenticate("b", "p")).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(f.authenticate("c", "p"))
        .isInstanceOfSatisfying(
            AuthResult.Failed.class, x -> assertThat(x.code()).isEqualTo(FailureCode.THROTTLED));
    verify(secondary, times(0)).authenticate("a", "p");
    verify(secondary, times(0)).authenticate("c", "p");
  }

  @Test
  @DisplayName(
      "a failure is the primary's whichever failed; a migrated user's old password no longer works, "
          + "but the secondary is still asked so that the time is the same")
  void sameFailure_andMigratedUsers() {
    AuthProvider primary = mock(AuthProvider.class);
    AuthProvider secondary = mock(AuthProvider.class);
    when(primary.authenticate("u", "old")).thenReturn(INVALID);
    when(secondary.authenticate("u", "old")).thenReturn(ok("u"));
    when(primary.authenticate("nobody", "x")).thenReturn(INVALID);
    when(secondary.authenticate("nobody", "x"))
        .thenReturn(new AuthResult.Failed(FailureCode.INVALID_CREDENTIALS, "Other."));
    AtomicInteger migrations = new AtomicInteger();
    FallbackAuthProvider f =
        FallbackAuthProvider.builder(primary, secondary)
            .migrateOnSignIn((p, pw) -> migrations.incrementAndGet())
            .build();
    assertThat(f.authenticate("nobody", "x")).isEqualTo(INVALID);
    assertThat(f.authenticate("u", "old")).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(migrations.get()).isEqualTo(1);
    assertThat(f.migrated("u")).isTrue();
    // the user changed their password in the primary; the old one is refused, like any wrong one
    assertThat(f.authenticate("u", "old")).isEqualTo(INVALID);
    verify(secondary, times(2)).authenticate("u", "old");
    assertThat(migrations.get()).isEqualTo(1);
  }

  @Test
  @DisplayName("a failed migration leaves the user on the secondary and is tried again next time")
  void failedMigration() {
    AuthProvider primary = mock(AuthProvider.class);
    AuthProvider secondary = mock(AuthProvider.class);
    when(primary.authenticate("u", "pw")).thenReturn(INVALID);
    when(secondary.authenticate("u", "pw")).thenReturn(ok("u"));
    AtomicInteger attempts = new AtomicInteger();
    FallbackAuthProvider f =
        FallbackAuthProvider.builder(primary, secondary)
            .migrateOnSignIn(
                (p, pw) -> {
                  if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("primary down");
                  }
                })
            .build();
    assertThat(f.authenticate("u", "pw")).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(f.migrated("u")).isFalse();
    assertThat(f.authenticate("u", "pw")).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(f.migrated("u")).isTrue();
    assertThat(attempts.get()).isEqualTo(2);
  }

  @Test
  @DisplayName("tokens of either provider verify")
  void verifyEither() {
    AuthProvider primary = mock(AuthProvider.class);
    AuthProvider secondary = mock(AuthProvider.class);
    when(primary.verify("t")).thenThrow(new TokenVerificationException("not mine"));
    when(secondary.verify("t")).thenReturn(ok("s").principal());
    when(primary.verify("bad")).thenThrow(new TokenVerificationException("not mine"));
    when(secondary.verify("bad")).thenThrow(new TokenVerificationException("nor mine"));
    FallbackAuthProvider f = FallbackAuthProvider.builder(primary, secondary).build();
    assertThat(f.verify("t").username()).isEqualTo("s");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.verify("bad"))
        .hasMessageContaining("not mine");
  }
}
