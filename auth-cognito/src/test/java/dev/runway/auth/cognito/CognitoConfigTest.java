package dev.runway.auth.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.Runway;
import dev.runway.core.RunwayConfig;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.local.UsersFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auth.type: cognito} from runway.yaml, against cognito-local. */
class CognitoConfigTest {

  private static RunwayConfig config(String section, Path dir) {
    return RunwayConfig.parse(
        """
        auth:
          type: cognito
          cognito: { %s }
        """
            .formatted(section),
        dir,
        Map.of(),
        new Properties());
  }

  @Test
  @DisplayName("auth.type: cognito signs in, and with a fallback users file moves local users over")
  void yaml_cognito(@TempDir Path dir) {
    UsersFile.empty()
        .withUser(
            "olga",
            "Local-Pass-1".toCharArray(),
            List.of("Procurement Specialist"),
            "olga@example.com",
            4)
        .save(dir.resolve("users.json"));
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    try (TestPool pool = new TestPool()) {
      pool.user("maria", "Runway-Pass-1!", "Warehouse Manager");
      String section =
          ("user-pool-id: %s, client-id: %s, endpoint: \"%s\", issuer: \"%s\", allow-http-issuer: true, "
                  + "fallback-users-file: users.json, persona-groups: true")
              .formatted(
                  pool.poolId,
                  pool.clientId,
                  pool.server.endpoint(),
                  pool.server.issuer(pool.poolId));
      try (Runway rw = Runway.fromConfig(config(section, dir))) {
        assertThat(rw.auth().name()).isEqualTo("cognito+local");
        AuthResult maria = rw.auth().authenticate("maria", "Runway-Pass-1!");
        assertThat(maria).isInstanceOf(AuthResult.Authenticated.class);
        assertThat(rw.auth().authenticate("olga", "Local-Pass-1"))
            .isInstanceOf(AuthResult.Authenticated.class);
        assertThat(
                pool.admin.adminGetUser(b -> b.userPoolId(pool.poolId).username("olga")).username())
            .isEqualTo("olga");
        AuthResult again = rw.auth().authenticate("olga", "Local-Pass-1");
        String token = ((AuthResult.Authenticated) again).tokens().accessToken();
        assertThat(rw.auth().verify(token).hasPersona("Procurement Specialist")).isTrue();
      }
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  @DisplayName(
      "bad Cognito settings fail at start, naming the key; the client secret is never shown")
  void badSettings(@TempDir Path dir) {
    assertThatThrownBy(() -> Runway.fromConfig(config("client-id: c", dir)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("user-pool-id");
    assertThatThrownBy(
            () -> Runway.fromConfig(config("user-pool-id: nounderscore, client-id: c", dir)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("<region>_<id>");
    assertThatThrownBy(
            () ->
                Runway.fromConfig(
                    config(
                        "user-pool-id: eu-west-1_a, client-id: c, issuer: \"http://localhost:9229/eu-west-1_a\"",
                        dir)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("allow-http-issuer");
    assertThatThrownBy(
            () ->
                Runway.fromConfig(
                    config(
                        "user-pool-id: eu-west-1_a, client-id: c, client-secret: s3cr3t-value, auth-flow: kerberos",
                        dir)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("auth-flow")
        .hasMessageNotContaining("s3cr3t-value");
    assertThatThrownBy(
            () ->
                Runway.fromConfig(
                    config(
                        "user-pool-id: eu-west-1_a, client-id: c, fallback-users-file: missing.json",
                        dir)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing.json");
  }
}
