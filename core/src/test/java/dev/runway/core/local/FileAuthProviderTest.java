package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.runway.core.TestClock;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.core.error.ConfigurationException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileAuthProviderTest {

  private static final String PASSWORD = "Sup1y-Chain!";
  private final TestClock clock = new TestClock();

  private static UsersFile users() {
    return UsersFile.empty()
        .withUser(
            "maria", PASSWORD.toCharArray(), List.of("Warehouse Manager"), "maria@example.com", 4)
        .withUser("olaf", PASSWORD.toCharArray(), List.of("Field Engineer"), null, 4)
        .withActive("olaf", false);
  }

  private FileAuthProvider provider() {
    return FileAuthProvider.builder().users(users()).clock(clock).build();
  }

  private static AuthResult.Failed failed(AuthResult r) {
    assertThat(r).isInstanceOf(AuthResult.Failed.class);
    return (AuthResult.Failed) r;
  }

  @Test
  void authenticate_fiveFailures_locksWithGrowingBackoffAndSuccessResets() {
    FileAuthProvider p = provider();
    for (int i = 0; i < 5; i++) {
      assertThat(failed(p.authenticate("maria", "wrong")).code())
          .isEqualTo(FailureCode.INVALID_CREDENTIALS);
    }
    // locked now, even with the right password
    assertThat(failed(p.authenticate("maria", PASSWORD)).code())
        .isEqualTo(FailureCode.ACCOUNT_LOCKED);
    clock.advance(Duration.ofSeconds(31));
    assertThat(failed(p.authenticate("maria", "wrong again")).code())
        .isEqualTo(FailureCode.INVALID_CREDENTIALS);
    clock.advance(Duration.ofSeconds(31));
    // the sixth failure doubled the lock to 60 s
    assertThat(failed(p.authenticate("maria", PASSWORD)).code())
        .isEqualTo(FailureCode.ACCOUNT_LOCKED);
    clock.advance(Duration.ofSeconds(30));
    assertThat(p.authenticate("maria", PASSWORD)).isInstanceOf(AuthResult.Authenticated.class);
    // success reset the count: one failure does not lock
    assertThat(failed(p.authenticate("maria", "wrong")).code())
        .isEqualTo(FailureCode.INVALID_CREDENTIALS);
    assertThat(p.authenticate("maria", PASSWORD)).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void authenticate_unknownUser_locksToo() {
    FileAuthProvider p = provider();
    for (int i = 0; i < 5; i++) {
      p.authenticate("ghost", "guess-" + i);
    }
    // an attacker cannot tell unknown users apart by their never locking
    assertThat(failed(p.authenticate("ghost", "guess")).code())
        .isEqualTo(FailureCode.ACCOUNT_LOCKED);
  }

  @Test
  void authenticate_passwordOver72Bytes_isRejected() {
    String base = "x".repeat(72);
    UsersFile u = UsersFile.empty().withUser("long", base.toCharArray(), List.of(), null, 4);
    FileAuthProvider p = FileAuthProvider.builder().users(u).clock(clock).build();
    assertThat(p.authenticate("long", base)).isInstanceOf(AuthResult.Authenticated.class);
    // bcrypt alone would accept this, since it ignores bytes past 72
    assertThat(failed(p.authenticate("long", base + "anything")).code())
        .isEqualTo(FailureCode.INVALID_CREDENTIALS);
    assertThatThrownBy(() -> PasswordHasher.hash((base + "é").toCharArray(), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("72");
  }

  @Test
  void authenticate_inactiveUser_refusedOnlyWithRightPassword() {
    FileAuthProvider p = provider();
    assertThat(failed(p.authenticate("olaf", PASSWORD)).code())
        .isEqualTo(FailureCode.ACCOUNT_DISABLED);
    assertThat(failed(p.authenticate("olaf", "wrong")).code())
        .isEqualTo(FailureCode.INVALID_CREDENTIALS);
  }

  @Test
  void authenticate_hashesOf2a2b2y_allVerify() {
    UsersFile u = UsersFile.empty();
    int i = 0;
    for (BCrypt.Version v :
        List.of(BCrypt.Version.VERSION_2A, BCrypt.Version.VERSION_2B, BCrypt.Version.VERSION_2Y)) {
      String hash = BCrypt.with(v).hashToString(4, PASSWORD.toCharArray());
      assertThat(hash).startsWith("$" + new String(v.versionIdentifier) + "$");
      u = u.withUser(new UserRecord("user" + i++, hash, List.of(), true, null));
    }
    FileAuthProvider p = FileAuthProvider.builder().users(u).build();
    for (int j = 0; j < 3; j++) {
      assertThat(p.authenticate("user" + j, PASSWORD)).isInstanceOf(AuthResult.Authenticated.class);
    }
  }

  @Test
  void verify_expiredToken_isRefused() {
    FileAuthProvider p = provider();
    String token =
        ((AuthResult.Authenticated) p.authenticate("maria", PASSWORD)).tokens().accessToken();
    clock.advance(Duration.ofMinutes(16));
    assertThatThrownBy(() -> p.verify(token))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void verify_unsignedAlgNoneToken_isRefused() {
    FileAuthProvider p = provider();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer("runway-local")
            .subject("maria")
            .expirationTime(Date.from(clock.instant().plusSeconds(600)))
            .claim("token_use", "access")
            .claim("sid", "s")
            .build();
    String none =
        new PlainJWT(new PlainHeader.Builder().type(JOSEObjectType.JWT).build(), claims)
            .serialize();
    assertThatThrownBy(() -> p.verify(none)).isInstanceOf(TokenVerificationException.class);
  }

  @Test
  void verify_tokenOfAnotherSecret_isRefused_sameSecret_verifies() {
    String secret = "0123456789abcdef0123456789abcdef-shared";
    FileAuthProvider a = FileAuthProvider.builder().users(users()).signingSecret(secret).build();
    FileAuthProvider b = FileAuthProvider.builder().users(users()).signingSecret(secret).build();
    FileAuthProvider other = FileAuthProvider.builder().users(users()).build();
    String token =
        ((AuthResult.Authenticated) a.authenticate("maria", PASSWORD)).tokens().accessToken();
    assertThat(b.verify(token).username()).isEqualTo("maria");
    assertThatThrownBy(() -> other.verify(token))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void refresh_tokenIsSingleUse_andSignOutRevokesRefresh() {
    FileAuthProvider p = provider();
    AuthResult.Authenticated a = (AuthResult.Authenticated) p.authenticate("maria", PASSWORD);
    AuthResult.Authenticated b = (AuthResult.Authenticated) p.refresh(a.tokens().refreshToken());
    assertThat(failed(p.refresh(a.tokens().refreshToken())).code())
        .isEqualTo(FailureCode.INVALID_REFRESH_TOKEN);
    p.signOut(b.tokens().accessToken());
    assertThat(failed(p.refresh(b.tokens().refreshToken())).code())
        .isEqualTo(FailureCode.INVALID_REFRESH_TOKEN);
    assertThatThrownBy(() -> p.verify(a.tokens().accessToken())).hasMessageContaining("revoked");
  }

  @Test
  void signingSecret_tooShort_isConfigurationErrorWithoutTheSecret() {
    assertThatThrownBy(() -> FileAuthProvider.builder().signingSecret("short-secret-value"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining("short-secret-value");
  }

  @Test
  void toString_showsNoSecret() {
    String secret = "0123456789abcdef0123456789abcdef-secret";
    FileAuthProvider p = FileAuthProvider.builder().users(users()).signingSecret(secret).build();
    assertThat(p.toString()).doesNotContain(secret).contains("***");
    assertThat(users().user("maria").orElseThrow().toString())
        .doesNotContain(users().user("maria").orElseThrow().passwordHash().substring(7));
  }
}
