package dev.runway.auth.cognito;

import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.ChallengeType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cognito's sign-in challenges in Runway's terms: the challenge a Cognito answer names, with only
 * the parameters a client may see, and the answers each kind of challenge accepts.
 */
final class CognitoChallenges {

  /** The answer keys each challenge accepts. */
  static final Map<ChallengeType, Set<String>> ANSWERS =
      Map.of(
          ChallengeType.NEW_PASSWORD_REQUIRED, Set.of("NEW_PASSWORD"),
          ChallengeType.SOFTWARE_TOKEN_MFA, Set.of("SOFTWARE_TOKEN_MFA_CODE"),
          ChallengeType.SMS_MFA, Set.of("SMS_MFA_CODE"),
          ChallengeType.SELECT_MFA_TYPE, Set.of("ANSWER"),
          ChallengeType.MFA_SETUP, Set.of("USER_CODE", "DEVICE_NAME"));

  /** The challenge parameters a caller may see (no secret, no SRP material). */
  private static final List<String> VISIBLE =
      List.of(
          "CODE_DELIVERY_DELIVERY_MEDIUM",
          "CODE_DELIVERY_DESTINATION",
          "MFAS_CAN_SETUP",
          "MFAS_CAN_CHOOSE",
          "requiredAttributes");

  private CognitoChallenges() {}

  /**
   * Returns the challenge Cognito asked for.
   *
   * @param username the user who signed in (Cognito's USER_ID_FOR_SRP wins when given)
   * @param challengeName Cognito's challenge name
   * @param session the session to answer with
   * @param params Cognito's challenge parameters, or null
   * @param expiresAt when the challenge may no longer be answered
   */
  static AuthResult.ChallengeRequired challenge(
      String username,
      String challengeName,
      String session,
      Map<String, String> params,
      Instant expiresAt) {
    ChallengeType type =
        switch (challengeName) {
          case "NEW_PASSWORD_REQUIRED" -> ChallengeType.NEW_PASSWORD_REQUIRED;
          case "SOFTWARE_TOKEN_MFA" -> ChallengeType.SOFTWARE_TOKEN_MFA;
          case "SMS_MFA" -> ChallengeType.SMS_MFA;
          case "MFA_SETUP" -> ChallengeType.MFA_SETUP;
          case "SELECT_MFA_TYPE" -> ChallengeType.SELECT_MFA_TYPE;
          default -> ChallengeType.OTHER;
        };
    Map<String, String> safe = new LinkedHashMap<>();
    for (String k : VISIBLE) {
      if (params != null && params.get(k) != null) {
        safe.put(k, params.get(k));
      }
    }
    String user =
        params != null && params.get("USER_ID_FOR_SRP") != null
            ? params.get("USER_ID_FOR_SRP")
            : username;
    return new AuthResult.ChallengeRequired(type, challengeName, user, session, expiresAt, safe);
  }

  /**
   * Checks that every answer belongs to the challenge's kind.
   *
   * @throws IllegalArgumentException naming the answer and the ones expected
   */
  static void checkAnswers(AuthResult.ChallengeRequired ch, Map<String, String> answers) {
    Set<String> allowed = ANSWERS.getOrDefault(ch.type(), Set.of());
    for (String k : answers.keySet()) {
      if (ch.type() != ChallengeType.OTHER && !allowed.contains(k)) {
        throw new IllegalArgumentException(
            "answer "
                + k
                + " does not belong to a "
                + ch.type()
                + " challenge; expected "
                + allowed);
      }
    }
  }
}
