package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.runway.core.TestClock;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.auth.TokenVerificationException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Access tokens at the edges of their validity, built with the provider's own secret so that only
 * the claim under test is wrong: expiry and not-before with the 30-second skew, the token's use,
 * its session, issuer, algorithm; and sign-out revoking one session's refresh token only.
 */
class TokenEdgesTest {

  private static final String SECRET = "k".repeat(32);
  private static final String PASSWORD = "correct horse battery";

  private final TestClock clock = new TestClock();
  private final FileAuthProvider auth =
      FileAuthProvider.builder()
          .clock(clock)
          .signingSecret(SECRET)
          .issuer("acme")
          .users(
              UsersFile.empty()
                  .withUser("maria", PASSWORD.toCharArray(), List.of(), null, 4)
                  .withUser("jon", PASSWORD.toCharArray(), List.of(), null, 4))
          .build();

  private String token(JWSAlgorithm alg, Consumer<JWTClaimsSet.Builder> change) throws Exception {
    Instant now = clock.instant();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer("acme")
            .subject("maria")
            .audience("acme")
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(600)))
            .claim("token_use", "access")
            .claim("sid", "session-1");
    change.accept(b);
    SignedJWT jwt = new SignedJWT(new JWSHeader(alg), b.build());
    // the provider's secret; HS512 needs 64 bytes, so that one is signed with the secret twice over
    jwt.sign(new MACSigner(alg == JWSAlgorithm.HS256 ? SECRET : SECRET + SECRET));
    return jwt.serialize();
  }

  private String token(Consumer<JWTClaimsSet.Builder> change) throws Exception {
    return token(JWSAlgorithm.HS256, change);
  }

  @Test
  void aWellFormedToken_isAccepted_andEachWrongClaimRefused() throws Exception {
    assertThat(auth.verify(token(b -> {})).username()).isEqualTo("maria");
    Instant now = clock.instant();
    // expiry: accepted until 30 s after exp, refused from then
    assertThat(
            auth.verify(token(b -> b.expirationTime(Date.from(now.minusSeconds(29))))).username())
        .isEqualTo("maria");
    assertThatThrownBy(
            () -> auth.verify(token(b -> b.expirationTime(Date.from(now.minusSeconds(30))))))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("expired");
    assertThatThrownBy(() -> auth.verify(token(b -> b.expirationTime(null))))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("expired");
    // not before: accepted up to 30 s early, refused before that
    assertThat(auth.verify(token(b -> b.notBeforeTime(Date.from(now.plusSeconds(30))))).username())
        .isEqualTo("maria");
    assertThatThrownBy(
            () -> auth.verify(token(b -> b.notBeforeTime(Date.from(now.plusSeconds(31))))))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("not valid yet");
    assertThat(auth.verify(token(b -> b.notBeforeTime(null))).username()).isEqualTo("maria");
    assertThatThrownBy(() -> auth.verify(token(b -> b.claim("token_use", "id"))))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessage("not an access token");
    assertThatThrownBy(() -> auth.verify(token(b -> b.claim("sid", null))))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("revoked");
    assertThatThrownBy(() -> auth.verify(token(b -> b.issuer("someone-else"))))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("issued by 'someone-else'");
    assertThatThrownBy(() -> auth.verify(token(b -> b.subject("nobody"))))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("no longer exists");
    assertThatThrownBy(() -> auth.verify(token(JWSAlgorithm.HS512, b -> {})))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("accepts HS256 only");
    assertThatThrownBy(() -> auth.verify("not.a.jwt"))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessage("the token is not a signed JWT");
    assertThat(auth.name()).isNotBlank();
  }

  @Test
  void signOut_revokesThatSessionsTokens_only() {
    AuthResult.Authenticated maria =
        (AuthResult.Authenticated) auth.authenticate("maria", PASSWORD);
    AuthResult.Authenticated jon = (AuthResult.Authenticated) auth.authenticate("jon", PASSWORD);
    auth.signOut(maria.tokens().accessToken());
    assertThatThrownBy(() -> auth.verify(maria.tokens().accessToken()))
        .hasMessageContaining("revoked");
    assertThat(((AuthResult.Failed) auth.refresh(maria.tokens().refreshToken())).code())
        .isEqualTo(FailureCode.INVALID_REFRESH_TOKEN);
    assertThat(auth.verify(jon.tokens().accessToken()).username()).isEqualTo("jon");
    assertThat(auth.refresh(jon.tokens().refreshToken()))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(auth.users())
        .extracting(UserRecord::username)
        .containsExactlyInAnyOrder("maria", "jon");
  }
}
