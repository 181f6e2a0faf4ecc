package dev.runway.core.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The tokens of a successful sign-in. {@link #toString()} never shows them.
 *
 * @param accessToken the bearer token the application sends with each request
 * @param idToken the OpenID Connect id token, or {@code null} where the provider issues none
 * @param refreshToken the token that obtains new tokens, or {@code null}
 * @param expiresAt when the access token expires
 */
public record Tokens(
    String accessToken,
    @Nullable String idToken,
    @Nullable String refreshToken,
    Instant expiresAt) {

  /** Validates the components. */
  public Tokens {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Returns the id token. */
  public Optional<String> idTokenOptional() {
    return Optional.ofNullable(idToken);
  }

  /** Returns the refresh token. */
  public Optional<String> refreshTokenOptional() {
    return Optional.ofNullable(refreshToken);
  }

  @Override
  public String toString() {
    return "Tokens{accessToken=***, idToken="
        + (idToken == null ? "none" : "***")
        + ", refreshToken="
        + (refreshToken == null ? "none" : "***")
        + ", expiresAt="
        + expiresAt
        + "}";
  }
}
