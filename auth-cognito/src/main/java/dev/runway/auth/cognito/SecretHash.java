package dev.runway.auth.cognito;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cognito's {@code SECRET_HASH}: Base64 of HMAC-SHA256 keyed with the app client secret over the
 * user name followed by the client id. Every call of an app client that has a secret needs it:
 * sign-in, each challenge response, and refresh, where the user name is the one Cognito knows the
 * user by (the {@code username} claim of the access token, which for e-mail sign-in pools is the
 * user's {@code sub}, not the e-mail address they typed).
 */
public final class SecretHash {

  private SecretHash() {}

  /** Returns the SECRET_HASH of {@code username} for the app client. */
  public static String of(String username, String clientId, String clientSecret) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(username.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(clientId.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }
}
