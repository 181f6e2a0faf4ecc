package dev.runway.core.auth;

/** A step the identity provider requires before it issues tokens. */
public enum ChallengeType {
  /** The user must choose a new password (first sign-in with a temporary one). */
  NEW_PASSWORD_REQUIRED,
  /** A code from an authenticator app. */
  SOFTWARE_TOKEN_MFA,
  /** A code sent by SMS. */
  SMS_MFA,
  /** The user must set up MFA (associate and verify an authenticator app). */
  MFA_SETUP,
  /** The user must choose which MFA method to use. */
  SELECT_MFA_TYPE,
  /** Any other challenge; see {@link AuthResult.ChallengeRequired#providerName()}. */
  OTHER
}
