package dev.runway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.ChallengeType;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.auth.Principal;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.core.auth.Tokens;
import dev.runway.core.health.Health;
import dev.runway.core.local.InMemorySessionStore;
import dev.runway.core.session.Session;
import dev.runway.core.session.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The two migration wrappers of identity and sessions at their edges: the fallback provider's
 * refresh, sign-out, health and re-asked challenge; the migrating store's delete, touch, history
 * and health on two real in-memory stores.
 */
class MigrationWrappersEdgeTest {

  private static final Instant LATER = Instant.now().plusSeconds(600);
  private static final AuthResult.Failed INVALID =
      new AuthResult.Failed(FailureCode.INVALID_CREDENTIALS, "Nope.");
  private static final AuthResult.Failed BAD_REFRESH =
      new AuthResult.Failed(FailureCode.INVALID_REFRESH_TOKEN, "Nope.");

  private static AuthResult.Authenticated ok(String user) {
    return new AuthResult.Authenticated(
        new Principal(user, user, null, Set.of(), LATER),
        new Tokens("access-" + user, null, "refresh-" + user, LATER));
  }

  private final AuthProvider primary = mock(AuthProvider.class);
  private final AuthProvider secondary = mock(AuthProvider.class);

  @Test
  void refresh_fallsBackOnlyForATokenThePrimaryDoesNotKnow() {
    FallbackAuthProvider f = FallbackAuthProvider.builder(primary, secondary).build();
    when(primary.refresh("p")).thenReturn(ok("a"));
    when(primary.refresh("s")).thenReturn(BAD_REFRESH);
    when(secondary.refresh("s")).thenReturn(ok("b"));
    when(primary.refresh("x")).thenReturn(BAD_REFRESH);
    when(secondary.refresh("x"))
        .thenReturn(new AuthResult.Failed(FailureCode.INVALID_REFRESH_TOKEN, "Other."));
    AuthResult.Failed throttled = new AuthResult.Failed(FailureCode.THROTTLED, "Later.");
    when(primary.refresh("t")).thenReturn(throttled);
    assertThat(f.refresh("p")).isEqualTo(ok("a"));
    assertThat(f.refresh("s")).isEqualTo(ok("b"));
    assertThat(f.refresh("x")).isSameAs(BAD_REFRESH);
    assertThat(f.refresh("t")).isSameAs(throttled);
    verify(secondary, never()).refresh("p");
    verify(secondary, never()).refresh("t");
  }

  @Test
  void signOut_reachesTheProviderThatIssuedTheToken() {
    FallbackAuthProvider f = FallbackAuthProvider.builder(primary, secondary).build();
    when(primary.verify("old")).thenThrow(new TokenVerificationException("not ours"));
    f.signOut("old");
    verify(secondary).signOut("old");
    verify(primary, never()).signOut("old");
    f.signOut("new");
    verify(primary).signOut("new");
    verify(secondary, never()).signOut("new");
  }

  @Test
  void health_isThePrimarysUnlessUp_thenTheSecondarys_andNameAndCloseCoverBoth() {
    FallbackAuthProvider f = FallbackAuthProvider.builder(primary, secondary).build();
    when(primary.health()).thenReturn(Health.up("auth:p"));
    when(secondary.health()).thenReturn(Health.down("auth:s", "file missing"));
    assertThat(f.health()).isEqualTo(Health.down("auth:s", "file missing"));
    when(primary.health()).thenReturn(Health.degraded("auth:p", "slow"));
    assertThat(f.health()).isEqualTo(Health.degraded("auth:p", "slow"));
    when(primary.name()).thenReturn("cognito");
    when(secondary.name()).thenReturn("file");
    assertThat(f.name()).isEqualTo("cognito+file");
    doThrow(new IllegalStateException("close")).when(primary).close();
    assertThatThrownBy(f::close).hasMessage("close");
    verify(secondary).close();
    assertThat(f.toString()).contains("migrated=0");
  }

  @Test
  void aNewPasswordChallenge_duringAMigration_isAskedAgainAfterIt() {
    List<String> after = new ArrayList<>();
    FallbackAuthProvider f =
        FallbackAuthProvider.builder(primary, secondary)
            .migrateOnSignIn((principal, password) -> {})
            .afterMigration(after::add)
            .build();
    when(primary.authenticate("u", "pw")).thenReturn(INVALID);
    when(secondary.authenticate("u", "pw")).thenReturn(ok("u"));
    assertThat(f.authenticate("u", "pw")).isEqualTo(ok("u"));
    assertThat(f.migrated("u")).isTrue();
    assertThat(after).containsExactly("u");
    // now the primary knows the user but shows a half-made account once: asked again
    AuthResult.ChallengeRequired half =
        new AuthResult.ChallengeRequired(
            ChallengeType.NEW_PASSWORD_REQUIRED,
            "NEW_PASSWORD_REQUIRED",
            "u",
            "s",
            LATER,
            Map.of());
    when(primary.authenticate("u", "pw")).thenReturn(half, ok("u"));
    assertThat(f.authenticate("u", "pw")).isEqualTo(ok("u"));
    verify(primary, times(3)).authenticate("u", "pw");
    // for a user never migrated the challenge is the answer
    when(primary.authenticate("v", "pw")).thenReturn(half);
    assertThat(f.authenticate("v", "pw")).isSameAs(half);
    verify(primary, times(1)).authenticate("v", "pw");
    // a migrated user's old password: the primary's refusal, after asking the secondary too
    when(primary.authenticate("u", "old")).thenReturn(INVALID);
    when(secondary.authenticate("u", "old")).thenReturn(ok("u"));
    assertThat(f.authenticate("u", "old")).isSameAs(INVALID);
    // a lock in the old provider is said as it is
    AuthResult.Failed locked = new AuthResult.Failed(FailureCode.ACCOUNT_LOCKED, "Locked.");
    when(primary.authenticate("w", "pw")).thenReturn(INVALID);
    when(secondary.authenticate("w", "pw")).thenReturn(locked);
    assertThat(f.authenticate("w", "pw")).isSameAs(locked);
    assertThat(f.toString()).contains("migrated=1");
  }

  @Test
  void withoutMigration_usersStayInTheSecondary() {
    FallbackAuthProvider f = FallbackAuthProvider.builder(primary, secondary).build();
    when(primary.authenticate("u", "pw")).thenReturn(INVALID);
    when(secondary.authenticate("u", "pw")).thenReturn(ok("u"));
    assertThat(f.authenticate("u", "pw")).isEqualTo(ok("u"));
    assertThat(f.migrated("u")).isFalse();
    assertThatThrownBy(
            () ->
                FallbackAuthProvider.builder(primary, secondary)
                    .afterMigration(u -> {})
                    .afterMigration(u -> {}))
        .isInstanceOf(IllegalStateException.class);
    verify(secondary, never()).signOut(any());
  }

  @Test
  void migratingStore_deleteTouchHistoryHealth() {
    try (InMemorySessionStore from = InMemorySessionStore.builder().build();
        InMemorySessionStore to = InMemorySessionStore.builder().build()) {
      MigratingSessionStore m = MigratingSessionStore.between(from, to);
      assertThat(m.name()).isEqualTo(from.name() + "->" + to.name());
      Session old = from.create("ana", "analyst", Map.of());
      from.appendMessage(old.id(), "user", "hello", Map.of());
      Session fresh = m.create("ana", "analyst", Map.of());
      assertThat(to.find(fresh.id())).isPresent();
      assertThat(m.touch("missing")).isEmpty();
      assertThat(m.history("missing")).isEmpty();
      assertThat(m.history("missing", 3)).isEmpty();
      assertThat(m.history(old.id(), 1)).extracting(c -> c.content()).containsExactly("hello");
      assertThat(to.find(old.id())).as("moved on first use").isPresent();
      assertThat(m.touch(old.id())).isPresent();
      // in both stores now: deleted from both, true once
      assertThat(m.delete(old.id())).isTrue();
      assertThat(from.find(old.id())).isEmpty();
      assertThat(to.find(old.id())).isEmpty();
      assertThat(m.delete(old.id())).isFalse();
      Session onlyOld = from.create("bo", null, Map.of());
      assertThat(m.delete(onlyOld.id())).isTrue();
      assertThat(m.delete(fresh.id())).isTrue();
    }
  }

  @Test
  void migratingStore_healthIsTheWorse_andCloseClosesBoth() {
    SessionStore from = mock(SessionStore.class);
    SessionStore to = mock(SessionStore.class);
    MigratingSessionStore m = MigratingSessionStore.between(from, to);
    when(from.health()).thenReturn(Health.up("sessions:a"));
    when(to.health()).thenReturn(Health.up("sessions:b"));
    assertThat(m.health().component()).isEqualTo("sessions:b");
    when(from.health()).thenReturn(Health.degraded("sessions:a", "x"));
    assertThat(m.health().component()).isEqualTo("sessions:a");
    when(to.health()).thenReturn(Health.degraded("sessions:b", "y"));
    assertThat(m.health().component()).isEqualTo("sessions:b");
    when(from.health()).thenReturn(Health.down("sessions:a", "z"));
    assertThat(m.health().component()).isEqualTo("sessions:a");
    doThrow(new IllegalStateException("close")).when(from).close();
    assertThatThrownBy(m::close).hasMessage("close");
    verify(to).close();
  }
}
