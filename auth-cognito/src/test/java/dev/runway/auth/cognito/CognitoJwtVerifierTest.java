package dev.runway.auth.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The verifier's security checks, with a real JWKS endpoint on loopback and real RS256 signatures.
 */
class CognitoJwtVerifierTest {

  private TestKeys keys;
  private CognitoJwtVerifier verifier;

  @BeforeEach
  void start() throws Exception {
    keys = new TestKeys();
    verifier = keys.verifier().build();
  }

  @AfterEach
  void stop() throws Exception {
    keys.close();
  }

  private static final CognitoJwtVerifier.TokenUse ACCESS = CognitoJwtVerifier.TokenUse.ACCESS;
  private static final CognitoJwtVerifier.TokenUse ID = CognitoJwtVerifier.TokenUse.ID;

  @Test
  @DisplayName("a valid access token and a valid id token verify")
  void valid() {
    assertThat(verifier.verify(keys.sign(keys.access("maria")), ACCESS).getClaim("username"))
        .isEqualTo("maria");
    assertThat(verifier.verify(keys.sign(keys.id("maria", "Field Engineer")), ID).getAudience())
        .containsExactly(TestKeys.CLIENT);
  }

  @Test
  @DisplayName("alg none is refused")
  void algNone() {
    String none = new PlainJWT(new PlainHeader(), keys.access("maria").build()).serialize();
    assertThatThrownBy(() -> verifier.verify(none, ACCESS))
        .isInstanceOf(TokenVerificationException.class);
  }

  @Test
  @DisplayName("HS256 signed with the public key as the HMAC secret is refused")
  void hmacWithPublicKey() throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(),
            keys.access("maria").build());
    jwt.sign(new MACSigner(keys.key.toPublicJWK().toJSONString().getBytes()));
    assertThatThrownBy(() -> verifier.verify(jwt.serialize(), ACCESS))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("HS256");
  }

  @Test
  @DisplayName("a token signed by a foreign key that claims a known kid is refused")
  void foreignKeyKnownKid() throws Exception {
    RSAKey foreign = new RSAKeyGenerator(2048).keyID("key-1").generate();
    String forged = TestKeys.sign(keys.access("maria"), foreign, h -> {});
    assertThatThrownBy(() -> verifier.verify(forged, ACCESS)).hasMessageContaining("signature");
  }

  @Test
  @DisplayName("a wrong issuer is refused")
  void wrongIssuer() {
    String t =
        keys.sign(
            keys.access("maria")
                .issuer("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other"));
    assertThatThrownBy(() -> verifier.verify(t, ACCESS)).hasMessageContaining("issuer");
  }

  @Test
  @DisplayName("an id token offered as an access token, and the reverse, are refused")
  void tokenUse() {
    String id = keys.sign(keys.id("maria", "x"));
    String access = keys.sign(keys.access("maria"));
    assertThatThrownBy(() -> verifier.verify(id, ACCESS)).hasMessageContaining("token_use");
    assertThatThrownBy(() -> verifier.verify(access, ID)).hasMessageContaining("token_use");
    String noUse = keys.sign(keys.access("maria").claim("token_use", null));
    assertThatThrownBy(() -> verifier.verify(noUse, ACCESS)).hasMessageContaining("token_use");
  }

  @Test
  @DisplayName("a wrong client_id or aud is refused")
  void wrongClient() {
    String access = keys.sign(keys.access("maria").claim("client_id", "other-client"));
    String id = keys.sign(keys.id("maria", "x").audience("other-client"));
    assertThatThrownBy(() -> verifier.verify(access, ACCESS)).hasMessageContaining("client_id");
    assertThatThrownBy(() -> verifier.verify(id, ID)).hasMessageContaining("aud");
  }

  @Test
  @DisplayName("expired, not yet valid and expiry-less tokens are refused; the grace is honoured")
  void times() {
    Instant now = Instant.now();
    String expired =
        keys.sign(keys.access("maria").expirationTime(Date.from(now.minusSeconds(120))));
    String graced = keys.sign(keys.access("maria").expirationTime(Date.from(now.minusSeconds(10))));
    String future = keys.sign(keys.access("maria").notBeforeTime(Date.from(now.plusSeconds(600))));
    String noExp = keys.sign(keys.access("maria").expirationTime(null));
    assertThatThrownBy(() -> verifier.verify(expired, ACCESS)).hasMessageContaining("expired");
    assertThat(verifier.verify(graced, ACCESS)).isNotNull();
    assertThatThrownBy(() -> verifier.verify(future, ACCESS))
        .hasMessageContaining("not valid before");
    assertThatThrownBy(() -> verifier.verify(noExp, ACCESS)).hasMessageContaining("no expiry");
  }

  @Test
  @DisplayName("required groups and scopes are enforced")
  void groupsAndScopes() {
    CognitoJwtVerifier strict = keys.verifier().requiredGroups("Warehouse Manager").build();
    assertThatThrownBy(() -> strict.verify(keys.sign(keys.access("maria")), ACCESS))
        .hasMessageContaining("groups");
    CognitoJwtVerifier scoped = keys.verifier().requiredScopes("supply/read").build();
    assertThatThrownBy(() -> scoped.verify(keys.sign(keys.access("maria")), ACCESS))
        .hasMessageContaining("scope");
    assertThat(
            scoped.verify(
                keys.sign(keys.access("maria").claim("scope", "openid supply/read")), ACCESS))
        .isNotNull();
  }

  @Test
  @DisplayName("100 tokens with random unknown kids cause at most one JWKS fetch per window")
  void unknownKids_rateLimited() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    CognitoJwtVerifier v =
        keys.verifier().clock(clock).refetchInterval(Duration.ofSeconds(30)).build();
    Instant realNow = Instant.now();
    for (int i = 0; i < 100; i++) {
      RSAKey other = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
      String t =
          TestKeys.sign(
              keys.access("maria")
                  .expirationTime(Date.from(clock.instant().plusSeconds(600)))
                  .issueTime(Date.from(realNow)),
              other,
              h -> {});
      assertThatThrownBy(() -> v.verify(t, ACCESS)).isInstanceOf(TokenVerificationException.class);
      if (i == 49) {
        assertThat(v.jwksFetches()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(31));
      }
    }
    assertThat(v.jwksFetches()).isEqualTo(2);
    assertThat(keys.requests.get()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "cached keys keep working while the JWKS endpoint is down; a cold start without keys fails closed")
  void endpointDown() {
    MutableClock clock = new MutableClock(Instant.now());
    CognitoJwtVerifier v = keys.verifier().clock(clock).jwksCacheTtl(Duration.ofMinutes(5)).build();
    assertThat(v.verify(keys.sign(keys.access("maria")), ACCESS)).isNotNull();
    int fetches = keys.requests.get();
    keys.down.set(true);
    clock.advance(Duration.ofMinutes(10)); // the cache is stale and the refetch fails
    String t =
        keys.sign(keys.access("maria").expirationTime(Date.from(clock.instant().plusSeconds(600))));
    assertThat(v.verify(t, ACCESS)).isNotNull();
    assertThat(keys.requests.get())
        .as("a refetch was attempted (and failed)")
        .isGreaterThan(fetches);
    CognitoJwtVerifier cold = keys.verifier().build();
    assertThatThrownBy(() -> cold.verify(keys.sign(keys.access("maria")), ACCESS))
        .hasMessageContaining("no signing keys");
  }

  @Test
  @DisplayName("a remembered token is still refused once it expires")
  void rememberedToken_expires() {
    MutableClock clock = new MutableClock(Instant.now());
    CognitoJwtVerifier v = keys.verifier().clock(clock).clockSkew(Duration.ZERO).build();
    String t =
        keys.sign(keys.access("maria").expirationTime(Date.from(clock.instant().plusSeconds(60))));
    assertThat(v.verify(t, ACCESS).getClaim("username")).isEqualTo("maria");
    assertThat(v.verify(t, ACCESS).getClaim("username")).isEqualTo("maria");
    clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(() -> v.verify(t, ACCESS)).hasMessageContaining("expired");
  }

  @Test
  @DisplayName(
      "a remembered token's text one character apart, or used as the other kind, is refused")
  void rememberedToken_exactTextAndKind() {
    String t = keys.sign(keys.access("maria"));
    assertThat(verifier.verify(t, ACCESS)).isNotNull();
    int dot = t.lastIndexOf('.');
    char c = t.charAt(dot + 5);
    String tampered = t.substring(0, dot + 5) + (c == 'A' ? 'B' : 'A') + t.substring(dot + 6);
    assertThatThrownBy(() -> verifier.verify(tampered, ACCESS))
        .hasMessageContaining("signature does not verify");
    assertThatThrownBy(() -> verifier.verify(t, ID)).hasMessageContaining("token_use");
    assertThat(verifier.verify(t, ACCESS)).isNotNull();
  }

  @Test
  @DisplayName("a remembered token whose key left the key set is refused")
  void rememberedToken_keyRotatedOut() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    CognitoJwtVerifier v = keys.verifier().clock(clock).jwksCacheTtl(Duration.ofMinutes(5)).build();
    String t =
        keys.sign(
            keys.access("maria").expirationTime(Date.from(clock.instant().plusSeconds(3600))));
    assertThat(v.verify(t, ACCESS)).isNotNull();
    keys.served = new RSAKeyGenerator(2048).keyID("key-2").generate();
    clock.advance(Duration.ofMinutes(6)); // the key set is fetched again and no longer has key-1
    assertThatThrownBy(() -> v.verify(t, ACCESS))
        .hasMessageContaining("not one of the pool's signing keys");
  }

  @Test
  @DisplayName("without the remembered tokens every call checks the signature")
  void noRememberedTokens() {
    CognitoJwtVerifier v = keys.verifier().verifiedTokenCacheSize(0).build();
    String t = keys.sign(keys.access("maria"));
    assertThat(v.verify(t, ACCESS)).isNotNull();
    assertThat(v.verify(t, ACCESS)).isNotNull();
    assertThatThrownBy(() -> keys.verifier().verifiedTokenCacheSize(-1))
        .hasMessageContaining("verifiedTokenCacheSize must be 0 or more");
  }

  @Test
  @DisplayName("an http issuer needs an explicit opt-in; pool ids must match the region")
  void configuration() {
    assertThatThrownBy(() -> CognitoJwtVerifier.forIssuer(keys.issuer()).clientIds("c").build())
        .hasMessageContaining("https");
    assertThatThrownBy(() -> CognitoJwtVerifier.forUserPool("eu-west-1", "us-east-1_abc"))
        .hasMessageContaining("region");
    assertThat(
            CognitoJwtVerifier.forUserPool("eu-west-1", "eu-west-1_abc")
                .clientIds("c")
                .build()
                .issuer())
        .isEqualTo("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc");
  }
}
