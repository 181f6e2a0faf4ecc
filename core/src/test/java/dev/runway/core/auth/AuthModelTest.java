package dev.runway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.health.Health;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The values an {@link AuthProvider} hands out: what they compare equal on, what their {@code
 * toString} shows and never shows, and what a {@link ForwardingAuthProvider} forwards.
 */
class AuthModelTest {

  private static final Instant EXP = Instant.parse("2026-11-26T12:00:00Z");

  @Test
  void principal_accessors_andPersonaMatching() {
    Principal p =
        new Principal(
            "sub-1", "ana", "ana@example.com", Set.of("Warehouse Manager", "analyst"), EXP);
    assertThat(p.subject()).isEqualTo("sub-1");
    assertThat(p.username()).isEqualTo("ana");
    assertThat(p.email()).hasValue("ana@example.com");
    assertThat(p.personas()).containsExactlyInAnyOrder("Warehouse Manager", "analyst");
    assertThat(p.expiresAt()).isEqualTo(EXP);
    assertThat(p.hasPersona("warehouse_manager")).isTrue();
    assertThat(p.hasPersona("warehouse-manager")).isTrue();
    assertThat(p.hasPersona("  WAREHOUSE   MANAGER ")).isTrue();
    assertThat(p.hasPersona("ANALYST")).isTrue();
    assertThat(p.hasPersona("warehouse")).isFalse();
    assertThat(p.hasPersona("manager")).isFalse();
    assertThat(new Principal("s", "u", null, Set.of(), EXP).email()).isEmpty();
    assertThat(new Principal("s", "u", null, Set.of(), EXP).hasPersona("analyst")).isFalse();
  }

  @Test
  void principal_equalsEveryComponent() {
    Principal p = new Principal("s", "u", "e", Set.of("a"), EXP);
    assertThat(p)
        .isEqualTo(new Principal("s", "u", "e", Set.of("a"), EXP))
        .hasSameHashCodeAs(new Principal("s", "u", "e", Set.of("a"), EXP));
    assertThat(p).isNotEqualTo(new Principal("s2", "u", "e", Set.of("a"), EXP));
    assertThat(p).isNotEqualTo(new Principal("s", "u2", "e", Set.of("a"), EXP));
    assertThat(p).isNotEqualTo(new Principal("s", "u", null, Set.of("a"), EXP));
    assertThat(p).isNotEqualTo(new Principal("s", "u", "e", Set.of("b"), EXP));
    assertThat(p).isNotEqualTo(new Principal("s", "u", "e", Set.of("a"), EXP.plusSeconds(1)));
    assertThat(p).isNotEqualTo("s");
    assertThat(p.hashCode())
        .isNotEqualTo(new Principal("t", "v", "e", Set.of("a"), EXP).hashCode());
    assertThat(p.toString()).isEqualTo("Principal{username=u, personas=[a]}");
    assertThat(new Principal("s", "u", null, Set.of("b", "a"), EXP).toString())
        .isEqualTo("Principal{username=u, personas=[a, b]}");
  }

  @Test
  void tokens_neverShowTheirValues() {
    Tokens all = new Tokens("access-secret", "id-secret", "refresh-secret", EXP);
    assertThat(all.toString())
        .isEqualTo("Tokens{accessToken=***, idToken=***, refreshToken=***, expiresAt=" + EXP + "}");
    Tokens accessOnly = new Tokens("access-secret", null, null, EXP);
    assertThat(accessOnly.toString())
        .isEqualTo(
            "Tokens{accessToken=***, idToken=none, refreshToken=none, expiresAt=" + EXP + "}");
    assertThat(new Tokens("a", "i", null, EXP).toString())
        .contains("idToken=***, refreshToken=none");
    assertThat(new Tokens("a", null, "r", EXP).toString())
        .contains("idToken=none, refreshToken=***");
    assertThat(all.idTokenOptional()).hasValue("id-secret");
    assertThat(all.refreshTokenOptional()).hasValue("refresh-secret");
    assertThat(accessOnly.idTokenOptional()).isEmpty();
    assertThat(accessOnly.refreshTokenOptional()).isEmpty();
    assertThatThrownBy(() -> new Tokens(null, null, null, EXP))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void challenges_neverShowTheSessionOrTheAnswers() {
    AuthResult.ChallengeRequired c =
        new AuthResult.ChallengeRequired(
            ChallengeType.SMS_MFA, "SMS_MFA", "ana", "session-secret", EXP, null);
    assertThat(c.parameters()).isEmpty();
    assertThat(c.toString())
        .isEqualTo(
            "ChallengeRequired{type=SMS_MFA, providerName=SMS_MFA, username=ana,"
                + " session=***, expiresAt="
                + EXP
                + ", parameters={}}");
    ChallengeResponse r = new ChallengeResponse(c, Map.of("SMS_MFA_CODE", "123456"));
    assertThat(r.toString()).isEqualTo("ChallengeResponse{type=SMS_MFA, answers=[SMS_MFA_CODE]}");
    assertThat(
            new AuthResult.ChallengeRequired(
                    ChallengeType.SMS_MFA,
                    "p",
                    "ana",
                    "s",
                    EXP,
                    Map.of("CODE_DELIVERY_DESTINATION", "+1***55"))
                .parameters())
        .containsKey("CODE_DELIVERY_DESTINATION");
    assertThatThrownBy(() -> new AuthResult.ChallengeRequired(null, "p", "u", "s", EXP, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                new AuthResult.ChallengeRequired(ChallengeType.SMS_MFA, "p", null, "s", EXP, null))
        .isInstanceOf(NullPointerException.class);
  }

  /** Every call reaches the delegate, and every answer comes back unchanged. */
  @Test
  void forwarding_forwardsEveryCall() {
    List<String> calls = new ArrayList<>();
    Principal p = new Principal("s", "u", null, Set.of(), EXP);
    AuthResult ok = new AuthResult.Authenticated(p, new Tokens("a", null, "r", EXP));
    AuthResult failed = new AuthResult.Failed(FailureCode.INVALID_CREDENTIALS, "no");
    Health health = Health.down("auth:x", "why");
    AuthProvider delegate =
        new AuthProvider() {
          @Override
          public String name() {
            return "recorded";
          }

          @Override
          public AuthResult authenticate(String username, String password) {
            calls.add("authenticate " + username);
            return ok;
          }

          @Override
          public AuthResult respondToChallenge(ChallengeResponse response) {
            calls.add("respond");
            return failed;
          }

          @Override
          public Principal verify(String accessToken) {
            calls.add("verify " + accessToken);
            return p;
          }

          @Override
          public AuthResult refresh(String refreshToken) {
            calls.add("refresh " + refreshToken);
            return failed;
          }

          @Override
          public void signOut(String accessToken) {
            calls.add("signOut " + accessToken);
          }

          @Override
          public Health health() {
            return health;
          }

          @Override
          public void close() {
            calls.add("close");
          }

          @Override
          public String toString() {
            return "Recorded";
          }
        };
    ForwardingAuthProvider f = new ForwardingAuthProvider(delegate) {};
    assertThat(f.delegate()).isSameAs(delegate);
    assertThat(f.name()).isEqualTo("recorded");
    assertThat(f.authenticate("u", "pw")).isSameAs(ok);
    AuthResult.ChallengeRequired c =
        new AuthResult.ChallengeRequired(ChallengeType.MFA_SETUP, "p", "u", "s", EXP, null);
    assertThat(f.respondToChallenge(new ChallengeResponse(c, Map.of()))).isSameAs(failed);
    assertThat(f.verify("t")).isSameAs(p);
    assertThat(f.refresh("r")).isSameAs(failed);
    f.signOut("t2");
    assertThat(f.health()).isSameAs(health);
    f.close();
    assertThat(calls)
        .containsExactly(
            "authenticate u", "respond", "verify t", "refresh r", "signOut t2", "close");
    assertThat(f.toString()).endsWith("[Recorded]");
  }
}
