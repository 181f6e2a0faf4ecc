package dev.runway.core.auth;

import dev.runway.core.health.Health;

/**
 * Signs users in and verifies their tokens: locally from a users file with bcrypt hashes ({@link
 * dev.runway.core.local.FileAuthProvider}) or with Amazon Cognito. Implementations are thread-safe.
 *
 * <p>Failures are results, not exceptions: {@link AuthResult.Failed} with an enumeration-safe
 * {@link FailureCode}. Token checks throw {@link TokenVerificationException}. No password or token
 * is ever logged or included in a message.
 */
public interface AuthProvider extends AutoCloseable {

  /** Returns the backend's name for health reports, such as {@code local} or {@code cognito}. */
  String name();

  /** Signs a user in with a password. */
  AuthResult authenticate(String username, String password);

  /** Answers a challenge returned by {@link #authenticate} or a previous answer. */
  AuthResult respondToChallenge(ChallengeResponse response);

  /**
   * Verifies an access token and returns who it belongs to.
   *
   * @throws TokenVerificationException if the token is not valid now
   */
  Principal verify(String accessToken);

  /**
   * Exchanges a refresh token for new tokens; {@link FailureCode#INVALID_REFRESH_TOKEN} if it is
   * not valid.
   */
  AuthResult refresh(String refreshToken);

  /**
   * Signs the user out: the access token's sign-in session is revoked, so its access and refresh
   * tokens stop working.
   *
   * @throws TokenVerificationException if the token is not one of this provider's
   */
  void signOut(String accessToken);

  /** Reports whether the provider serves requests. Never throws. */
  default Health health() {
    return Health.up("auth:" + name());
  }

  /** Releases connections and threads. Idempotent. */
  @Override
  default void close() {}
}
