package dev.runway.core.auth;

import java.util.Map;
import java.util.Objects;

/**
 * The answer to a {@link AuthResult.ChallengeRequired}: the challenge it answers and the answer
 * values, such as {@code NEW_PASSWORD} or {@code SOFTWARE_TOKEN_MFA_CODE}. Never printed.
 *
 * @param challenge the challenge being answered
 * @param answers the answer values
 */
public record ChallengeResponse(
    AuthResult.ChallengeRequired challenge, Map<String, String> answers) {

  /** Validates and copies. */
  public ChallengeResponse {
    Objects.requireNonNull(challenge, "challenge");
    answers = Map.copyOf(answers);
  }

  @Override
  public String toString() {
    return "ChallengeResponse{type=" + challenge.type() + ", answers=" + answers.keySet() + "}";
  }
}
