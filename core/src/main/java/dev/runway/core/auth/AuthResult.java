package dev.runway.core.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a sign-in step: {@link Authenticated}, {@link ChallengeRequired} or {@link
 * Failed}. On Java 17 (Runway's baseline) test it with {@code instanceof} patterns; the interface
 * is sealed, so the three branches are all there is:
 *
 * <pre>{@code
 * AuthResult r = auth.authenticate(username, password);
 * if (r instanceof AuthResult.Authenticated a) {
 *   return ok(a.tokens());
 * } else if (r instanceof AuthResult.ChallengeRequired c) {
 *   return challenge(c.type(), c.session());
 * } else {
 *   AuthResult.Failed f = (AuthResult.Failed) r;
 *   return refused(f.code());     // enumeration-safe: the same code for an unknown user
 * }
 * }</pre>
 *
 * <p>On Java 21 and later a {@code switch} with type patterns over the three records does the same
 * and is checked for exhaustiveness by the compiler.
 */
public sealed interface AuthResult
    permits AuthResult.Authenticated, AuthResult.ChallengeRequired, AuthResult.Failed {

  /**
   * The user is signed in.
   *
   * @param principal who signed in
   * @param tokens the issued tokens (never printed)
   */
  record Authenticated(Principal principal, Tokens tokens) implements AuthResult {
    /** Validates the components. */
    public Authenticated {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(tokens, "tokens");
    }
  }

  /**
   * The provider needs another step; answer it with {@link AuthProvider#respondToChallenge}.
   *
   * @param type the kind of challenge
   * @param providerName the provider's own name for it
   * @param username the user being signed in
   * @param session the provider's opaque challenge session (never printed)
   * @param expiresAt when the challenge session expires
   * @param parameters non-secret challenge parameters (for example where an SMS code was sent)
   */
  record ChallengeRequired(
      ChallengeType type,
      String providerName,
      String username,
      String session,
      Instant expiresAt,
      Map<String, String> parameters)
      implements AuthResult {
    /** Validates and copies. */
    public ChallengeRequired {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(username, "username");
      parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    @Override
    public String toString() {
      return "ChallengeRequired{type="
          + type
          + ", providerName="
          + providerName
          + ", username="
          + username
          + ", session=***, expiresAt="
          + expiresAt
          + ", parameters="
          + parameters
          + "}";
    }
  }

  /**
   * The step failed.
   *
   * @param code the enumeration-safe reason
   * @param message a message safe to show the user
   */
  record Failed(FailureCode code, String message) implements AuthResult {
    /** Validates the components. */
    public Failed {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }
}
