package dev.runway.core.session;

import java.security.SecureRandom;
import java.util.Base64;

/** Generates session ids: 256 random bits from {@link SecureRandom}, URL-safe Base64 (43 chars). */
public final class SessionIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionIds() {}

  /** Returns a new session id. */
  public static String next() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
