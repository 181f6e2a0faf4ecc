package dev.runway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.auth.Principal;
import dev.runway.core.auth.TokenVerificationException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every {@link AuthProvider} must show. Extend it, create the provider in {@link
 * #createProvider()} with the user {@link #user()} already known to it, and declare what it does
 * not support in {@link #capabilities()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AuthProviderContract {

  /** Optional behaviour. */
  public enum Capability {
    /** Refresh tokens. */
    REFRESH,
    /** Sign-out revokes tokens so that verify refuses them. */
    SIGN_OUT,
    /** An inactive user ({@link #inactiveUser()}) exists and is refused. */
    INACTIVE_USER
  }

  /**
   * A user the provider knows.
   *
   * @param username the sign-in name
   * @param password the password
   * @param persona one persona the user has
   */
  public record TestUser(String username, String password, String persona) {
    @Override
    public String toString() {
      return "TestUser{" + username + "}";
    }
  }

  private AuthProvider provider;

  /** Creates the provider under test; called once per test class. */
  protected abstract AuthProvider createProvider();

  /** Returns an active user the provider knows. */
  protected abstract TestUser user();

  /** Returns a deactivated user, when {@link Capability#INACTIVE_USER} is declared. */
  protected TestUser inactiveUser() {
    throw new UnsupportedOperationException("declare INACTIVE_USER and override inactiveUser()");
  }

  /** Returns the capabilities; all by default. */
  protected Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  /** Returns the provider under test. */
  protected final AuthProvider provider() {
    return provider;
  }

  @BeforeAll
  final void startProvider() {
    provider = createProvider();
  }

  @AfterAll
  final void stopProvider() {
    if (provider != null) {
      provider.close();
    }
  }

  private AuthResult.Authenticated signIn() {
    AuthResult r = provider.authenticate(user().username(), user().password());
    assertThat(r).isInstanceOf(AuthResult.Authenticated.class);
    return (AuthResult.Authenticated) r;
  }

  @Test
  @DisplayName("the right password signs in with the user's personas")
  void authenticate_rightPassword_isAuthenticated() {
    AuthResult.Authenticated a = signIn();
    assertThat(a.principal().username()).isEqualTo(user().username());
    assertThat(a.principal().hasPersona(user().persona())).isTrue();
    assertThat(a.principal().hasPersona("No Such Persona")).isFalse();
    assertThat(a.tokens().accessToken()).isNotBlank();
  }

  @Test
  @DisplayName("a wrong password and an unknown user fail with the same code and message")
  void authenticate_wrongPasswordOrUnknownUser_areIndistinguishable() {
    AuthResult wrong = provider.authenticate(user().username(), user().password() + "-wrong");
    AuthResult unknown =
        provider.authenticate("nobody-" + System.nanoTime(), "whatever-password-1A!");
    assertThat(wrong).isInstanceOf(AuthResult.Failed.class);
    assertThat(unknown).isEqualTo(wrong);
    assertThat(((AuthResult.Failed) wrong).code()).isEqualTo(FailureCode.INVALID_CREDENTIALS);
    signIn(); // resets the failure count so other tests are not locked out
  }

  @Test
  @DisplayName("an access token verifies to the same user")
  void verify_accessToken_returnsPrincipal() {
    AuthResult.Authenticated a = signIn();
    Principal p = provider.verify(a.tokens().accessToken());
    assertThat(p.username()).isEqualTo(user().username());
    assertThat(p.hasPersona(user().persona())).isTrue();
  }

  @Test
  @DisplayName("a malformed or tampered token is refused")
  void verify_badTokens_areRefused() {
    assertThatThrownBy(() -> provider.verify("not-a-token"))
        .isInstanceOf(TokenVerificationException.class);
    String token = signIn().tokens().accessToken();
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "x." + parts[2];
    assertThatThrownBy(() -> provider.verify(tampered))
        .isInstanceOf(TokenVerificationException.class);
    String resigned = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    assertThatThrownBy(() -> provider.verify(resigned))
        .isInstanceOf(TokenVerificationException.class);
  }

  @Test
  @DisplayName("a refresh token yields new tokens that verify")
  void refresh_validToken_issuesNewTokens() {
    assumeTrue(capabilities().contains(Capability.REFRESH), "REFRESH not supported");
    AuthResult.Authenticated a = signIn();
    AuthResult r = provider.refresh(a.tokens().refreshToken());
    assertThat(r).isInstanceOf(AuthResult.Authenticated.class);
    String access = ((AuthResult.Authenticated) r).tokens().accessToken();
    assertThat(provider.verify(access).username()).isEqualTo(user().username());
    AuthResult bad = provider.refresh("not-a-refresh-token");
    assertThat(bad)
        .isInstanceOfSatisfying(
            AuthResult.Failed.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.INVALID_REFRESH_TOKEN));
  }

  @Test
  @DisplayName("after sign-out the access token no longer verifies")
  void signOut_revokesTokens() {
    assumeTrue(capabilities().contains(Capability.SIGN_OUT), "SIGN_OUT not supported");
    AuthResult.Authenticated a = signIn();
    provider.verify(a.tokens().accessToken());
    provider.signOut(a.tokens().accessToken());
    assertThatThrownBy(() -> provider.verify(a.tokens().accessToken()))
        .isInstanceOf(TokenVerificationException.class);
  }

  @Test
  @DisplayName("a deactivated user cannot sign in")
  void authenticate_inactiveUser_isRefused() {
    assumeTrue(capabilities().contains(Capability.INACTIVE_USER), "INACTIVE_USER not supported");
    AuthResult r = provider.authenticate(inactiveUser().username(), inactiveUser().password());
    assertThat(r)
        .isInstanceOfSatisfying(
            AuthResult.Failed.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.ACCOUNT_DISABLED));
  }

  @Test
  @DisplayName("results and exceptions never show the password or tokens")
  void toStrings_revealNoSecrets() {
    AuthResult.Authenticated a = signIn();
    String all = a + " " + a.tokens() + " " + a.principal();
    assertThat(all).doesNotContain(user().password()).doesNotContain(a.tokens().accessToken());
    if (a.tokens().refreshToken() != null) {
      assertThat(all).doesNotContain(a.tokens().refreshToken());
    }
    String token = a.tokens().accessToken();
    assertThatThrownBy(() -> provider.verify(token + "garbage"))
        .isInstanceOf(TokenVerificationException.class)
        .satisfies(e -> assertThat(e.getMessage() + " " + e).doesNotContain(token));
    AuthResult failed = provider.authenticate(user().username(), user().password() + "-wrong");
    assertThat(failed.toString()).doesNotContain(user().password());
    signIn();
  }
}
