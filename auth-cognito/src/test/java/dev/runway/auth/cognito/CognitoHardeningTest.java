package dev.runway.auth.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.auth.Principal;
import dev.runway.core.auth.TokenVerificationException;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminSetUserPasswordRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GlobalSignOutRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GlobalSignOutResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;

/**
 * Cognito behaviour no emulator here shows, on a mocked SDK client with real signed tokens: failed
 * verification as a result, sign-out scoped to one session whatever claims a token carries, a JWKS
 * location of its own.
 */
class CognitoHardeningTest {

  private static final String POOL = "eu-west-1_pool";
  private static final String AWS_ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/" + POOL;

  private TestKeys keys;
  private CognitoIdentityProviderClient client;

  @BeforeEach
  void start() throws Exception {
    keys = new TestKeys();
    client =
        mock(CognitoIdentityProviderClient.class, withSettings().defaultAnswer(CALLS_REAL_METHODS));
    doReturn(GlobalSignOutResponse.builder().build())
        .when(client)
        .globalSignOut(any(GlobalSignOutRequest.class));
  }

  @AfterEach
  void stop() throws Exception {
    keys.close();
  }

  private void signInAnswers(UnaryOperator<JWTClaimsSet.Builder> access) {
    doReturn(
            InitiateAuthResponse.builder()
                .authenticationResult(
                    AuthenticationResultType.builder()
                        .accessToken(keys.sign(access.apply(keys.access("maria"))))
                        .refreshToken("r")
                        .expiresIn(3600)
                        .build())
                .build())
        .when(client)
        .initiateAuth(any(InitiateAuthRequest.class));
  }

  @Test
  @DisplayName(
      "tokens the provider cannot verify make authenticate and refresh return Failed, never throw")
  void unverifiableTokens_areAFailedResult() {
    // the provider expects AWS's issuer and reads AWS's JWKS, which is not reachable here
    CognitoAuthProvider provider =
        CognitoAuthProvider.builder()
            .client(client)
            .userPoolId(POOL)
            .clientId(TestKeys.CLIENT)
            .build();
    signInAnswers(c -> c);
    AuthResult r = provider.authenticate("maria", "pw-Secret-1");
    assertThat(r)
        .isInstanceOfSatisfying(
            AuthResult.Failed.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.PROVIDER_UNAVAILABLE));
    assertThat(provider.refreshWithAccessToken("r", keys.sign(keys.access("maria"))))
        .isInstanceOfSatisfying(
            AuthResult.Failed.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.PROVIDER_UNAVAILABLE));
  }

  @Test
  @DisplayName(
      "jwks-uri: a provider aimed elsewhere verifies AWS-issued tokens with keys read from its own JWKS location")
  void jwksUri_isUsed() {
    CognitoAuthProvider provider =
        CognitoAuthProvider.builder()
            .client(client)
            .userPoolId(POOL)
            .clientId(TestKeys.CLIENT)
            .jwksUri(URI.create(keys.issuer() + "/.well-known/jwks.json"))
            .build();
    signInAnswers(c -> c.issuer(AWS_ISSUER));
    assertThat(provider.authenticate("maria", "pw")).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(keys.requests.get()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "signing out one user never signs out another, whichever of origin_jti, event_id, jti, auth_time the tokens carry")
  void signOut_isScopedToOneSession_whateverTheClaims() {
    CognitoAuthProvider provider =
        CognitoAuthProvider.builder()
            .client(client)
            .userPoolId(POOL)
            .clientId(TestKeys.CLIENT)
            .verifier(keys.verifier().build())
            .build();
    Instant now = Instant.now();
    // tokens with none of the session claims but auth_time, and tokens with nothing at all
    String maria =
        keys.sign(
            keys.access("maria")
                .claim("origin_jti", null)
                .jwtID(null)
                .claim("auth_time", now.getEpochSecond()));
    String olaf =
        keys.sign(
            keys.access("olaf")
                .claim("origin_jti", null)
                .jwtID(null)
                .claim("auth_time", now.getEpochSecond()));
    String bare1 =
        keys.sign(
            keys.access("nina")
                .claim("origin_jti", null)
                .jwtID(null)
                .issueTime(Date.from(now.minusSeconds(1))));
    String bare2 = keys.sign(keys.access("otto").claim("origin_jti", null).jwtID(null));
    provider.signOut(maria);
    assertThatThrownBy(() -> provider.verify(maria)).isInstanceOf(TokenVerificationException.class);
    assertThat(provider.verify(olaf).username()).isEqualTo("olaf");
    provider.signOut(bare1);
    assertThatThrownBy(() -> provider.verify(bare1)).isInstanceOf(TokenVerificationException.class);
    assertThat(provider.verify(bare2).username()).isEqualTo("otto");
    assertThat(provider.verify(olaf).username()).isEqualTo("olaf");
  }

  @Test
  @DisplayName(
      "persona group names follow Cognito's GroupName pattern and read back to the persona")
  void personaGroups_roundTrip() {
    assertThat(PersonaGroups.groupName("Warehouse Manager"))
        .isEqualTo("Warehouse_Manager")
        .matches("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    assertThat(PersonaGroups.persona("Warehouse_Manager")).isEqualTo("Warehouse Manager");
    for (String p :
        new String[] {
          "Field Engineer", "a_b c", "Procurement  Specialist", "ops_", "Ünter Größe", "x~_y", "~"
        }) {
      assertThat(PersonaGroups.persona(PersonaGroups.groupName(p))).isEqualTo(p);
    }
    assertThatThrownBy(() -> PersonaGroups.groupName("tab\tseparated"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rename it");
    assertThatThrownBy(() -> PersonaGroups.groupName("x".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName(
      "a legacy password the pool's policy refuses: reported once, no call on later sign-ins, the user stays local")
  void lazyMigration_policyRejection_isReported() {
    doReturn(AdminCreateUserResponse.builder().build())
        .when(client)
        .adminCreateUser(any(AdminCreateUserRequest.class));
    doThrow(
            InvalidPasswordException.builder()
                .message("Password does not conform to policy")
                .build())
        .when(client)
        .adminSetUserPassword(any(AdminSetUserPasswordRequest.class));
    CognitoUserMigrator migrator = CognitoUserMigrator.into(client, POOL);
    var migration = migrator.lazyMigration();
    Principal olaf =
        new Principal(
            "olaf", "olaf", null, Set.of("Field Engineer"), Instant.now().plusSeconds(60));
    assertThatThrownBy(() -> migration.migrate(olaf, "short"))
        .isInstanceOf(CognitoUserMigrator.PasswordPolicyException.class)
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> migration.migrate(olaf, "short"))
        .isInstanceOf(CognitoUserMigrator.PasswordPolicyException.class);
    verify(client, times(1)).adminSetUserPassword(any(AdminSetUserPasswordRequest.class));
    assertThat(migrator.passwordPolicyRejections()).containsExactly("olaf");
  }

  @Test
  @DisplayName(
      "by default a throttled sign-in is retried 4 times (5 calls in all), then reported as THROTTLED")
  void defaultThrottleRetries() {
    doThrow(TooManyRequestsException.builder().message("slow down").build())
        .when(client)
        .initiateAuth(any(InitiateAuthRequest.class));
    CognitoAuthProvider provider =
        CognitoAuthProvider.builder()
            .client(client)
            .userPoolId(POOL)
            .clientId(TestKeys.CLIENT)
            .verifier(keys.verifier().build())
            .build();
    AuthResult r = provider.authenticate("maria", "pw");
    assertThat(r)
        .isInstanceOfSatisfying(
            AuthResult.Failed.class, f -> assertThat(f.code()).isEqualTo(FailureCode.THROTTLED));
    verify(client, times(5)).initiateAuth(any(InitiateAuthRequest.class));
  }
}
