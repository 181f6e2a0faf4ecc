package dev.runway.core.auth;

/**
 * Why a sign-in failed. The codes are enumeration-safe: an unknown user and a wrong password are
 * both {@link #INVALID_CREDENTIALS}, with the same message.
 */
public enum FailureCode {
  /** Unknown user or wrong password: deliberately indistinguishable. */
  INVALID_CREDENTIALS,
  /** Too many failed attempts; sign-in is refused for a while. */
  ACCOUNT_LOCKED,
  /** The account exists and the password is right, but the account is deactivated. */
  ACCOUNT_DISABLED,
  /** The provider throttled the request; try again later. Not counted as a failed attempt. */
  THROTTLED,
  /** The password must be reset before signing in. */
  PASSWORD_RESET_REQUIRED,
  /** The user has not confirmed the account. */
  USER_NOT_CONFIRMED,
  /** The challenge answer was wrong or the challenge session expired. */
  CHALLENGE_FAILED,
  /** The refresh token is unknown, expired or revoked. */
  INVALID_REFRESH_TOKEN,
  /** The identity provider could not be reached. */
  PROVIDER_UNAVAILABLE
}
