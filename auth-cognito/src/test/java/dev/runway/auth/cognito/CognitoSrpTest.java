package dev.runway.auth.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SRP-6a against known answers. {@code srp-vectors.jsonl} was computed with AWS's own JavaScript
 * client, amazon-cognito-identity-js (its {@code AuthenticationHelper} with the secret {@code a}
 * fixed, {@code B = g^b mod N} for a fixed {@code b}, and the signature computed as its {@code
 * CognitoUser} does), so these vectors are independent of this implementation. They are not a run
 * against a real user pool.
 */
class CognitoSrpTest {

  private static List<JsonNode> vectors() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                CognitoSrpTest.class.getResourceAsStream("/srp-vectors.jsonl"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.add(new ObjectMapper().readTree(line));
      }
    }
    return out;
  }

  @Test
  @DisplayName("k, A, the derived key and the password signature match the reference client's")
  void knownAnswers() throws Exception {
    List<JsonNode> vs = vectors();
    assertThat(vs).hasSize(2);
    for (JsonNode v : vs) {
      CognitoSrp srp =
          new CognitoSrp(v.get("pool").asText(), new BigInteger(v.get("smallA").asText(), 16));
      assertThat(CognitoSrp.K.toString(16)).startsWith(v.get("k").asText());
      assertThat(srp.srpA()).isEqualTo(v.get("A").asText());
      byte[] key =
          srp.passwordKey(
              v.get("user").asText(),
              v.get("password").asText(),
              v.get("B").asText(),
              v.get("salt").asText());
      assertThat(HexFormat.of().formatHex(key)).isEqualTo(v.get("hkdf").asText());
      assertThat(
              srp.signature(
                  key,
                  v.get("user").asText(),
                  v.get("secretBlock").asText(),
                  v.get("timestamp").asText()))
          .isEqualTo(v.get("signature").asText());
    }
  }

  @Test
  @DisplayName("a wrong password gives another signature")
  void wrongPassword() throws Exception {
    JsonNode v = vectors().get(0);
    CognitoSrp srp =
        new CognitoSrp(v.get("pool").asText(), new BigInteger(v.get("smallA").asText(), 16));
    byte[] key =
        srp.passwordKey(
            v.get("user").asText(),
            "not-the-password",
            v.get("B").asText(),
            v.get("salt").asText());
    assertThat(
            srp.signature(
                key,
                v.get("user").asText(),
                v.get("secretBlock").asText(),
                v.get("timestamp").asText()))
        .isNotEqualTo(v.get("signature").asText());
  }

  @Test
  @DisplayName("B = 0 mod N is refused (a malicious server could otherwise force the key)")
  void zeroB_refused() {
    CognitoSrp srp = CognitoSrp.start("eu-west-1_AbC", new SecureRandom());
    assertThatThrownBy(() -> srp.passwordKey("u", "p", CognitoSrp.N.toString(16), "ab"))
        .hasMessageContaining("0 mod N");
    assertThatThrownBy(() -> srp.passwordKey("u", "p", "0", "ab")).hasMessageContaining("0 mod N");
  }

  @Test
  @DisplayName(
      "the timestamp has Cognito's format, day without a leading zero; the pool name is the id after the region")
  void formats() {
    assertThat(CognitoSrp.timestamp(Instant.parse("2026-02-03T07:05:09Z")))
        .isEqualTo("Tue Feb 3 07:05:09 UTC 2026");
    assertThat(CognitoSrp.timestamp(Instant.parse("2026-11-23T10:00:00Z")))
        .isEqualTo("Mon Nov 23 10:00:00 UTC 2026");
    assertThat(CognitoSrp.poolName("eu-west-1_AbCdEf123")).isEqualTo("AbCdEf123");
    assertThat(CognitoSrp.start("eu-west-1_AbC", new SecureRandom()).toString())
        .doesNotContain("a=0")
        .contains("***");
  }
}
