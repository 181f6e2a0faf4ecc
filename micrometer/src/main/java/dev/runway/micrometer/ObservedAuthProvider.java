package dev.runway.micrometer;

import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.ChallengeResponse;
import dev.runway.core.auth.ForwardingAuthProvider;
import dev.runway.core.auth.Principal;
import java.util.Locale;

/**
 * Observes sign-ins, challenge answers, refreshes, verifications and sign-outs as {@code
 * runway.auth} with the result ({@code authenticated}, {@code challenge}, or the failure code in
 * lower case, e.g. {@code invalid_credentials}) and counts {@code runway.auth.sign-ins{result}}. A
 * user name, password or token is never a key value.
 */
final class ObservedAuthProvider extends ForwardingAuthProvider {

  static final String NAME = "runway.auth";

  private final RunwayObservations observations;

  ObservedAuthProvider(AuthProvider delegate, RunwayObservations observations) {
    super(delegate);
    this.observations = observations;
  }

  static String result(AuthResult r) {
    if (r instanceof AuthResult.Authenticated) {
      return "authenticated";
    }
    if (r instanceof AuthResult.ChallengeRequired) {
      return "challenge";
    }
    return ((AuthResult.Failed) r).code().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public AuthResult authenticate(String username, String password) {
    AuthResult r =
        observations.observe(
            NAME,
            name(),
            "authenticate",
            () -> super.authenticate(username, password),
            ObservedAuthProvider::result);
    observations.signIn(result(r));
    return r;
  }

  @Override
  public AuthResult respondToChallenge(ChallengeResponse response) {
    AuthResult r =
        observations.observe(
            NAME,
            name(),
            "respond-to-challenge",
            () -> super.respondToChallenge(response),
            ObservedAuthProvider::result);
    observations.signIn(result(r));
    return r;
  }

  @Override
  public Principal verify(String accessToken) {
    return observations.observe(
        NAME, name(), "verify", () -> super.verify(accessToken), p -> "success");
  }

  @Override
  public AuthResult refresh(String refreshToken) {
    return observations.observe(
        NAME, name(), "refresh", () -> super.refresh(refreshToken), ObservedAuthProvider::result);
  }

  @Override
  public void signOut(String accessToken) {
    observations.observe(
        NAME,
        name(),
        "sign-out",
        () -> {
          super.signOut(accessToken);
          return null;
        },
        v -> "success");
  }
}
