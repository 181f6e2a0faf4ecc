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

import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.ChallengeResponse;
import dev.runway.core.auth.ChallengeType;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.auth.TokenVerificationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AssociateSoftwareTokenRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AssociateSoftwareTokenResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GlobalSignOutRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GlobalSignOutResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RevokeTokenRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RevokeTokenResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

/**
 * What cognito-local cannot show, on a mocked SDK client whose answers carry real RS256 tokens:
 * SECRET_HASH on every call (refresh over the token's username), challenges including MFA setup,
 * exact error mapping, throttling retries, GlobalSignOut and RevokeToken.
 */
class CognitoAuthProviderTest {

  private static final String SECRET = "client-secret-1";
  private static final String CLIENT = "app-client-1";

  private TestKeys keys;
  private CognitoIdentityProviderClient client;
  private CognitoAuthProvider provider;

  @BeforeEach
  void start() throws Exception {
    keys = new TestKeys();
    client =
        mock(CognitoIdentityProviderClient.class, withSettings().defaultAnswer(CALLS_REAL_METHODS));
    provider =
        CognitoAuthProvider.builder()
            .client(client)
            .userPoolId("eu-west-1_pool")
            .clientId(CLIENT)
            .clientSecret(SECRET)
            .verifier(keys.verifier(CLIENT, TestKeys.CLIENT).build())
            .throttleRetries(3, Duration.ofMillis(1))
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    keys.close();
  }

  private AuthenticationResultType tokens(String username) {
    return AuthenticationResultType.builder()
        .accessToken(keys.sign(keys.access(username)))
        .idToken(keys.sign(keys.id(username, "Warehouse Manager, Procurement Specialist")))
        .refreshToken("refresh-" + username)
        .expiresIn(3600)
        .build();
  }

  @Test
  @DisplayName("SECRET_HASH is Base64(HMAC-SHA256(secret, username + clientId)): a known answer")
  void secretHash_knownAnswer() {
    assertThat(SecretHash.of("maria", CLIENT, SECRET))
        .isEqualTo("did/FdVouXeEpLp/KA8wJ1UwkRBDyXEceBXwV2z42SY=");
  }

  @Test
  @DisplayName(
      "sign-in sends USERNAME, PASSWORD and SECRET_HASH; personas come from the attribute and groups")
  void signIn_secretHash_personas() {
    doReturn(InitiateAuthResponse.builder().authenticationResult(tokens("maria")).build())
        .when(client)
        .initiateAuth(any(InitiateAuthRequest.class));
    AuthResult r = provider.authenticate("maria", "pw-Secret-1");
    ArgumentCaptor<InitiateAuthRequest> sent = ArgumentCaptor.forClass(InitiateAuthRequest.class);
    verify(client).initiateAuth(sent.capture());
    assertThat(sent.getValue().authParameters())
        .containsEntry("USERNAME", "maria")
        .containsEntry("SECRET_HASH", SecretHash.of("maria", CLIENT, SECRET));
    assertThat(r)
        .isInstanceOfSatisfying(
            AuthResult.Authenticated.class,
            a -> {
              assertThat(a.principal().personas())
                  .containsExactlyInAnyOrder(
                      "Warehouse Manager", "Procurement Specialist", "Field Engineer");
              assertThat(a.principal().email()).contains("maria@example.com");
            });
  }

  @Test
  @DisplayName(
      "refresh hashes the user name from the access token (the sub), not what the user typed")
  void refresh_secretHashOverTokenUsername() {
    String sub = "7d3a1c52-0000-4000-8000-000000000001";
    doReturn(InitiateAuthResponse.builder().authenticationResult(tokens(sub)).build())
        .when(client)
        .initiateAuth(any(InitiateAuthRequest.class));
    AuthResult.Authenticated a =
        (AuthResult.Authenticated) provider.authenticate("maria@example.com", "pw");
    AuthResult r = provider.refresh(a.tokens().refreshToken());
    assertThat(r).isInstanceOf(AuthResult.Authenticated.class);
    ArgumentCaptor<InitiateAuthRequest> sent = ArgumentCaptor.forClass(InitiateAuthRequest.class);
    verify(client, times(2)).initiateAuth(sent.capture());
    InitiateAuthRequest refresh = sent.getAllValues().get(1);
    assertThat(refresh.authFlowAsString()).isEqualTo("REFRESH_TOKEN_AUTH");
    assertThat(refresh.authParameters())
        .containsEntry("SECRET_HASH", SecretHash.of(sub, CLIENT, SECRET))
        .containsEntry("REFRESH_TOKEN", "refresh-" + sub);
    // another instance: the refresh token alone cannot name the user, the access token can
    CognitoAuthProvider other =
        CognitoAuthProvider.builder()
            .client(client)
            .userPoolId("eu-west-1_pool")
            .clientId(CLIENT)
            .clientSecret(SECRET)
            .verifier(provider.verifier())
            .build();
    assertThat(other.refresh(a.tokens().refreshToken()))
        .isInstanceOfSatisfying(
            AuthResult.Failed.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.INVALID_REFRESH_TOKEN));
    assertThat(other.refreshWithAccessToken(a.tokens().refreshToken(), a.tokens().accessToken()))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  @DisplayName(
      "NEW_PASSWORD_REQUIRED surfaces as a challenge and completes with SECRET_HASH and the session")
  void newPasswordChallenge() {
    doReturn(
            InitiateAuthResponse.builder()
                .challengeName("NEW_PASSWORD_REQUIRED")
                .session("session-1")
                .challengeParameters(
                    Map.of("USER_ID_FOR_SRP", "maria", "userAttributes", "{\"email\":\"m@x\"}"))
                .build())
        .when(client)
        .initiateAuth(any(InitiateAuthRequest.class));
    AuthResult r = provider.authenticate("maria", "temporary-1");
    assertThat(r).isInstanceOf(AuthResult.ChallengeRequired.class);
    AuthResult.ChallengeRequired ch = (AuthResult.ChallengeRequired) r;
    assertThat(ch.type()).isEqualTo(ChallengeType.NEW_PASSWORD_REQUIRED);
    assertThat(ch.parameters()).doesNotContainKey("userAttributes");
    assertThat(ch.toString()).doesNotContain("session-1");
    doReturn(RespondToAuthChallengeResponse.builder().authenticationResult(tokens("maria")).build())
        .when(client)
        .respondToAuthChallenge(any(RespondToAuthChallengeRequest.class));
    AuthResult done =
        provider.respondToChallenge(
            new ChallengeResponse(ch, Map.of("NEW_PASSWORD", "New-Pass-1!")));
    assertThat(done).isInstanceOf(AuthResult.Authenticated.class);
    ArgumentCaptor<RespondToAuthChallengeRequest> sent =
        ArgumentCaptor.forClass(RespondToAuthChallengeRequest.class);
    verify(client).respondToAuthChallenge(sent.capture());
    assertThat(sent.getValue().session()).isEqualTo("session-1");
    assertThat(sent.getValue().challengeResponses())
        .containsEntry("NEW_PASSWORD", "New-Pass-1!")
        .containsEntry("USERNAME", "maria")
        .containsEntry("SECRET_HASH", SecretHash.of("maria", CLIENT, SECRET));
    assertThatThrownBy(
            () ->
                provider.respondToChallenge(new ChallengeResponse(ch, Map.of("SMS_MFA_CODE", "1"))))
        .hasMessageContaining("NEW_PASSWORD");
  }

  @Test
  @DisplayName("MFA_SETUP: associate, verify the first code, then answer with the verified session")
  void mfaSetup() {
    doReturn(
            InitiateAuthResponse.builder()
                .challengeName("MFA_SETUP")
                .session("s1")
                .challengeParameters(Map.of("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\"]"))
                .build())
        .when(client)
        .initiateAuth(any(InitiateAuthRequest.class));
    doReturn(
            AssociateSoftwareTokenResponse.builder().secretCode("TOTPSECRET").session("s2").build())
        .when(client)
        .associateSoftwareToken(any(AssociateSoftwareTokenRequest.class));
    doReturn(
            VerifySoftwareTokenResponse.builder()
                .status(VerifySoftwareTokenResponseType.SUCCESS)
                .session("s3")
                .build())
        .when(client)
        .verifySoftwareToken(any(VerifySoftwareTokenRequest.class));
    doReturn(RespondToAuthChallengeResponse.builder().authenticationResult(tokens("maria")).build())
        .when(client)
        .respondToAuthChallenge(any(RespondToAuthChallengeRequest.class));
    AuthResult.ChallengeRequired ch =
        (AuthResult.ChallengeRequired) provider.authenticate("maria", "pw");
    CognitoAuthProvider.SoftwareTokenSetup setup = provider.setUpSoftwareToken(ch);
    assertThat(setup.secretCode()).isEqualTo("TOTPSECRET");
    assertThat(setup.toString()).doesNotContain("TOTPSECRET");
    AuthResult done =
        provider.respondToChallenge(
            new ChallengeResponse(setup.next(), Map.of("USER_CODE", "123456")));
    assertThat(done).isInstanceOf(AuthResult.Authenticated.class);
    ArgumentCaptor<RespondToAuthChallengeRequest> sent =
        ArgumentCaptor.forClass(RespondToAuthChallengeRequest.class);
    verify(client).respondToAuthChallenge(sent.capture());
    assertThat(sent.getValue().session()).isEqualTo("s3");
    assertThat(sent.getValue().challengeNameAsString()).isEqualTo("MFA_SETUP");
  }

  @Test
  @DisplayName("a wrong MFA code is CHALLENGE_FAILED")
  void wrongMfaCode() {
    doReturn(
            InitiateAuthResponse.builder()
                .challengeName("SOFTWARE_TOKEN_MFA")
                .session("s1")
                .build())
        .when(client)
        .initiateAuth(any(InitiateAuthRequest.class));
    doThrow(CodeMismatchException.builder().message("Invalid code").build())
        .when(client)
        .respondToAuthChallenge(any(RespondToAuthChallengeRequest.class));
    AuthResult.ChallengeRequired ch =
        (AuthResult.ChallengeRequired) provider.authenticate("maria", "pw");
    assertThat(ch.type()).isEqualTo(ChallengeType.SOFTWARE_TOKEN_MFA);
    assertThat(
            provider.respondToChallenge(
                new ChallengeResponse(ch, Map.of("SOFTWARE_TOKEN_MFA_CODE", "000000"))))
        .isInstanceOfSatisfying(
            AuthResult.Failed.class,
            f -> assertThat(f.code()).isEqualTo(FailureCode.CHALLENGE_FAILED));
  }

  private AuthResult failWith(Exception e) {
    doThrow(e).when(client).initiateAuth(any(InitiateAuthRequest.class));
    return provider.authenticate("maria", "pw");
  }

  private static NotAuthorizedException notAuthorized(String message) {
    return NotAuthorizedException.builder()
        .message(message)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode("NotAuthorizedException")
                .errorMessage(message)
                .build())
        .build();
  }

  @Test
  @DisplayName(
      "errors map to enumeration-safe codes: unknown user and wrong password are the same result")
  void errorMapping() {
    AuthResult wrong = failWith(notAuthorized("Incorrect username or password."));
    AuthResult unknown =
        failWith(UserNotFoundException.builder().message("User does not exist.").build());
    assertThat(unknown).isEqualTo(wrong);
    assertThat(((AuthResult.Failed) wrong).code()).isEqualTo(FailureCode.INVALID_CREDENTIALS);
    assertThat(((AuthResult.Failed) failWith(notAuthorized("Password attempts exceeded"))).code())
        .isEqualTo(FailureCode.ACCOUNT_LOCKED);
    assertThat(
            ((AuthResult.Failed)
                    failWith(PasswordResetRequiredException.builder().message("x").build()))
                .code())
        .isEqualTo(FailureCode.PASSWORD_RESET_REQUIRED);
    assertThat(
            ((AuthResult.Failed) failWith(UserNotConfirmedException.builder().message("x").build()))
                .code())
        .isEqualTo(FailureCode.USER_NOT_CONFIRMED);
  }

  @Test
  @DisplayName(
      "throttling is retried with back-off and only reported as THROTTLED when it persists")
  void throttling() {
    doThrow(
            TooManyRequestsException.builder().message("slow down").build(),
            TooManyRequestsException.builder().message("slow down").build())
        .doReturn(InitiateAuthResponse.builder().authenticationResult(tokens("maria")).build())
        .when(client)
        .initiateAuth(any(InitiateAuthRequest.class));
    assertThat(provider.authenticate("maria", "pw")).isInstanceOf(AuthResult.Authenticated.class);
    verify(client, times(3)).initiateAuth(any(InitiateAuthRequest.class));
    assertThat(
            ((AuthResult.Failed)
                    failWith(TooManyRequestsException.builder().message("slow").build()))
                .code())
        .isEqualTo(FailureCode.THROTTLED);
  }

  @Test
  @DisplayName(
      "sign-out calls GlobalSignOut and this instance refuses the token at once; revoke calls RevokeToken")
  void signOutAndRevoke() {
    doReturn(InitiateAuthResponse.builder().authenticationResult(tokens("maria")).build())
        .when(client)
        .initiateAuth(any(InitiateAuthRequest.class));
    doReturn(GlobalSignOutResponse.builder().build())
        .when(client)
        .globalSignOut(any(GlobalSignOutRequest.class));
    doReturn(RevokeTokenResponse.builder().build())
        .when(client)
        .revokeToken(any(RevokeTokenRequest.class));
    AuthResult.Authenticated a = (AuthResult.Authenticated) provider.authenticate("maria", "pw");
    assertThat(provider.verify(a.tokens().accessToken()).username()).isEqualTo("maria");
    provider.signOut(a.tokens().accessToken());
    verify(client).globalSignOut(any(GlobalSignOutRequest.class));
    assertThatThrownBy(() -> provider.verify(a.tokens().accessToken()))
        .isInstanceOf(TokenVerificationException.class);
    provider.revoke(a.tokens().refreshToken());
    ArgumentCaptor<RevokeTokenRequest> sent = ArgumentCaptor.forClass(RevokeTokenRequest.class);
    verify(client).revokeToken(sent.capture());
    assertThat(sent.getValue().clientSecret()).isEqualTo(SECRET);
  }

  @Test
  @DisplayName("the client secret never appears in toString")
  void noSecretsInToString() {
    assertThat(provider.toString()).doesNotContain(SECRET).contains("***");
  }

  @Test
  @DisplayName(
      "USER_SRP_AUTH: SRP_A out, PASSWORD_VERIFIER answered with a signature the server side accepts")
  void srp_fullExchange() throws Exception {
    CognitoAuthProvider srp =
        CognitoAuthProvider.builder()
            .client(client)
            .userPoolId("eu-west-1_AbCdEf123")
            .clientId(CLIENT)
            .clientSecret(SECRET)
            .verifier(provider.verifier())
            .flow(CognitoAuthProvider.Flow.USER_SRP_AUTH)
            .build();
    // the server's side of SRP-6a for user "uid-42" with password "Pw-1!"
    java.math.BigInteger salt = new java.math.BigInteger("5a17e3", 16);
    byte[] inner =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest("AbCdEf123uid-42:Pw-1!".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
    d.update(CognitoSrp.bytes(salt));
    java.math.BigInteger x = new java.math.BigInteger(1, d.digest(inner));
    java.math.BigInteger v = CognitoSrp.G.modPow(x, CognitoSrp.N);
    java.math.BigInteger b = new java.math.BigInteger("1234567890abcdef1234567890abcdef", 16);
    java.math.BigInteger bigB =
        CognitoSrp.K.multiply(v).add(CognitoSrp.G.modPow(b, CognitoSrp.N)).mod(CognitoSrp.N);
    String block = java.util.Base64.getEncoder().encodeToString("opaque-secret-block".getBytes());
    ArgumentCaptor<InitiateAuthRequest> init = ArgumentCaptor.forClass(InitiateAuthRequest.class);
    doReturn(
            InitiateAuthResponse.builder()
                .challengeName("PASSWORD_VERIFIER")
                .session("srp-session")
                .challengeParameters(
                    Map.of(
                        "SALT",
                        salt.toString(16),
                        "SRP_B",
                        bigB.toString(16),
                        "SECRET_BLOCK",
                        block,
                        "USER_ID_FOR_SRP",
                        "uid-42",
                        "USERNAME",
                        "uid-42"))
                .build())
        .when(client)
        .initiateAuth(init.capture());
    doReturn(
            RespondToAuthChallengeResponse.builder().authenticationResult(tokens("uid-42")).build())
        .when(client)
        .respondToAuthChallenge(any(RespondToAuthChallengeRequest.class));

    assertThat(srp.authenticate("maria", "Pw-1!")).isInstanceOf(AuthResult.Authenticated.class);

    assertThat(init.getValue().authFlowAsString()).isEqualTo("USER_SRP_AUTH");
    assertThat(init.getValue().authParameters())
        .doesNotContainKey("PASSWORD")
        .containsEntry("SECRET_HASH", SecretHash.of("maria", CLIENT, SECRET));
    java.math.BigInteger bigA =
        new java.math.BigInteger(init.getValue().authParameters().get("SRP_A"), 16);
    ArgumentCaptor<RespondToAuthChallengeRequest> resp =
        ArgumentCaptor.forClass(RespondToAuthChallengeRequest.class);
    verify(client).respondToAuthChallenge(resp.capture());
    Map<String, String> r = resp.getValue().challengeResponses();
    assertThat(resp.getValue().challengeNameAsString()).isEqualTo("PASSWORD_VERIFIER");
    assertThat(resp.getValue().session()).isEqualTo("srp-session");
    assertThat(r)
        .containsEntry("USERNAME", "uid-42")
        .containsEntry("PASSWORD_CLAIM_SECRET_BLOCK", block)
        .containsEntry("SECRET_HASH", SecretHash.of("uid-42", CLIENT, SECRET));
    // server: u = H(A | B), S = (A * v^u)^b mod N, the same HKDF and signature
    java.security.MessageDigest du = java.security.MessageDigest.getInstance("SHA-256");
    du.update(CognitoSrp.bytes(bigA));
    java.math.BigInteger u = new java.math.BigInteger(1, du.digest(CognitoSrp.bytes(bigB)));
    java.math.BigInteger serverS = bigA.multiply(v.modPow(u, CognitoSrp.N)).modPow(b, CognitoSrp.N);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(CognitoSrp.bytes(u), "HmacSHA256"));
    byte[] prk = mac.doFinal(CognitoSrp.bytes(serverS));
    mac.init(new javax.crypto.spec.SecretKeySpec(prk, "HmacSHA256"));
    byte[] key = java.util.Arrays.copyOf(mac.doFinal("Caldera Derived Key\u0001".getBytes()), 16);
    String expected =
        new CognitoSrp("AbCdEf123", java.math.BigInteger.ONE)
            .signature(key, "uid-42", block, r.get("TIMESTAMP"));
    assertThat(r.get("PASSWORD_CLAIM_SIGNATURE")).isEqualTo(expected);
  }
}
