package dev.runway.auth.cognito;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.ChallengeResponse;
import dev.runway.core.auth.ChallengeType;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.auth.Principal;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.core.auth.Tokens;
import dev.runway.core.error.ErrorCategory;
import dev.runway.core.error.RunwayServiceException;
import dev.runway.core.health.Health;
import dev.runway.core.internal.Hashes;
import dev.runway.core.internal.SetOnce;
import dev.runway.core.resilience.ResiliencePolicy;
import java.net.URI;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClientBuilder;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExpiredCodeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

/**
 * An {@link AuthProvider} on an Amazon Cognito user pool.
 *
 * <p>Sign-in uses {@code USER_PASSWORD_AUTH} ({@code InitiateAuth}, the app client's own
 * credentials) or {@code ADMIN_USER_PASSWORD_AUTH} ({@code AdminInitiateAuth}, IAM credentials of
 * the server). When the app client has a secret, {@code SECRET_HASH} is sent on every call that
 * needs it: sign-in, every challenge response, and refresh, where it is computed over the user name
 * Cognito knows (the access token's {@code username}), not what the user typed. Challenges ({@code
 * NEW_PASSWORD_REQUIRED}, {@code SOFTWARE_TOKEN_MFA}, {@code SMS_MFA}, {@code MFA_SETUP}, {@code
 * SELECT_MFA_TYPE}) come back as {@link AuthResult.ChallengeRequired} with Cognito's session (valid
 * 3 minutes) and are answered with {@link #respondToChallenge}; {@code MFA_SETUP} first needs
 * {@link #setUpSoftwareToken}.
 *
 * <p>Failures are enumeration-safe: an unknown user and a wrong password are both {@link
 * FailureCode#INVALID_CREDENTIALS} with the same message. Cognito's throttling is retried with
 * back-off and never counted as a failed sign-in. {@link #verify} checks tokens offline with {@link
 * CognitoJwtVerifier}; {@link #signOut} calls {@code GlobalSignOut} and refuses the signed out
 * tokens in this instance at once (other instances, which verify offline, refuse them when the
 * access token expires: keep its lifetime short). Personas come from the {@code custom:personas}
 * attribute (comma-separated, in id tokens) and/or {@code cognito:groups} (in both tokens).
 */
public final class CognitoAuthProvider implements AuthProvider {

  private static final Logger LOG = LoggerFactory.getLogger(CognitoAuthProvider.class);
  private static final Duration CHALLENGE_TTL = Duration.ofMinutes(3);

  /** The sign-in flow. */
  public enum Flow {
    /** {@code InitiateAuth}: the app client must allow {@code ALLOW_USER_PASSWORD_AUTH}. */
    USER_PASSWORD_AUTH,
    /**
     * {@code AdminInitiateAuth}: needs IAM permission; the client must allow {@code
     * ALLOW_ADMIN_USER_PASSWORD_AUTH}.
     */
    ADMIN_USER_PASSWORD_AUTH,
    /**
     * {@code InitiateAuth} with SRP-6a: the password never leaves the process; the client must
     * allow {@code ALLOW_USER_SRP_AUTH}. Verified against AWS's reference client's known answers,
     * not yet against a real user pool.
     */
    USER_SRP_AUTH
  }

  /** Where personas come from. */
  public enum PersonaSource {
    /** The {@code custom:personas} attribute (id tokens only). */
    ATTRIBUTE,
    /** The {@code cognito:groups} claim (access and id tokens). */
    GROUPS,
    /** Both, merged. */
    BOTH
  }

  /**
   * What {@link #setUpSoftwareToken} returns: the secret to show as a QR code or text in an
   * authenticator app, and the challenge to answer with the app's first code.
   *
   * @param secretCode the TOTP secret (never printed)
   * @param next the challenge to answer with {@code USER_CODE}
   */
  public record SoftwareTokenSetup(String secretCode, AuthResult.ChallengeRequired next) {
    @Override
    public String toString() {
      return "SoftwareTokenSetup{secretCode=***, next=" + next + "}";
    }
  }

  private final CognitoIdentityProviderClient client;
  private final boolean ownsClient;
  private final String userPoolId;
  private final String clientId;
  private final @Nullable String clientSecret;
  private final Flow flow;
  private final PersonaSource personaSource;
  private final String personaAttribute;
  private final CognitoJwtVerifier verifier;
  private final ResiliencePolicy retries;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, String> usernameByRefresh =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofDays(30)).build();
  private final Cache<String, Instant> signedOut =
      Caffeine.newBuilder().maximumSize(1_000_000).expireAfterWrite(Duration.ofDays(1)).build();

  private CognitoAuthProvider(
      Builder b, CognitoIdentityProviderClient client, CognitoJwtVerifier verifier) {
    this.client = client;
    this.ownsClient = b.client == null;
    this.userPoolId = Objects.requireNonNull(b.userPoolId, "userPoolId");
    this.clientId = Objects.requireNonNull(b.clientId, "clientId");
    this.clientSecret = b.clientSecret;
    this.flow = b.flow;
    this.personaSource = b.personaSource;
    this.personaAttribute = b.personaAttribute;
    this.verifier = verifier;
    this.clock = b.clock;
    // the one retry layer: clients built here have the SDK's own retries off, so a throttled call
    // is not retried by the SDK and again by this policy
    // (Runway's ResiliencePolicy, as in every module: retries on throttling and transient
    // failures only, no breaker: a wrong password is not a failure of Cognito)
    this.retries =
        ResiliencePolicy.builder()
            .name("cognito")
            .maxAttempts(b.throttleRetries + 1)
            .backoff(b.throttleBackoff, b.throttleBackoff.multipliedBy(20))
            .jitter(0.25)
            .retryOn(CognitoErrors::retryable)
            .circuitBreaker(0, Duration.ofSeconds(1))
            .build();
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "cognito";
  }

  /** Returns the SDK client this provider calls (for tools that work on the same pool). */
  CognitoIdentityProviderClient client() {
    return client;
  }

  /** Returns the verifier this provider checks tokens with. */
  public CognitoJwtVerifier verifier() {
    return verifier;
  }

  @Override
  public AuthResult authenticate(String username, String password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Map<String, String> params = new LinkedHashMap<>();
    params.put("USERNAME", username);
    params.put("PASSWORD", password);
    addSecretHash(params, username);
    try {
      if (flow == Flow.USER_SRP_AUTH) {
        return srpSignIn(username, password);
      }
      if (flow == Flow.ADMIN_USER_PASSWORD_AUTH) {
        var r =
            call(
                () ->
                    client.adminInitiateAuth(
                        b ->
                            b.userPoolId(userPoolId)
                                .clientId(clientId)
                                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                                .authParameters(params)));
        return result(
            username,
            r.challengeNameAsString(),
            r.session(),
            r.challengeParameters(),
            r.authenticationResult(),
            null);
      }
      var r =
          call(
              () ->
                  client.initiateAuth(
                      b ->
                          b.clientId(clientId)
                              .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                              .authParameters(params)));
      return result(
          username,
          r.challengeNameAsString(),
          r.session(),
          r.challengeParameters(),
          r.authenticationResult(),
          null);
    } catch (SdkException e) {
      return CognitoErrors.signInFailure(e);
    }
  }

  /**
   * A PASSWORD_VERIFIER challenge without one of its parameters is Cognito's fault, said as such.
   */
  private static String challengeParameter(Map<String, String> challenge, String name) {
    String v = challenge.get(name);
    if (v == null) {
      throw new RunwayServiceException(
          "Cognito's PASSWORD_VERIFIER challenge has no " + name,
          "cognito",
          ErrorCategory.INTERNAL,
          null,
          null);
    }
    return v;
  }

  private AuthResult srpSignIn(String username, String password) {
    CognitoSrp srp = CognitoSrp.start(userPoolId, random);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("USERNAME", username);
    params.put("SRP_A", srp.srpA());
    addSecretHash(params, username);
    var init =
        call(
            () ->
                client.initiateAuth(
                    b ->
                        b.clientId(clientId)
                            .authFlow(AuthFlowType.USER_SRP_AUTH)
                            .authParameters(params)));
    if (!"PASSWORD_VERIFIER".equals(init.challengeNameAsString())) {
      return result(
          username,
          init.challengeNameAsString(),
          init.session(),
          init.challengeParameters(),
          init.authenticationResult(),
          null);
    }
    Map<String, String> ch = init.challengeParameters();
    String userId = ch.getOrDefault("USER_ID_FOR_SRP", username);
    byte[] key =
        srp.passwordKey(
            userId, password, challengeParameter(ch, "SRP_B"), challengeParameter(ch, "SALT"));
    String timestamp = CognitoSrp.timestamp(clock.instant());
    Map<String, String> responses = new LinkedHashMap<>();
    responses.put("USERNAME", userId);
    String secretBlock = challengeParameter(ch, "SECRET_BLOCK");
    responses.put("PASSWORD_CLAIM_SECRET_BLOCK", secretBlock);
    responses.put("PASSWORD_CLAIM_SIGNATURE", srp.signature(key, userId, secretBlock, timestamp));
    responses.put("TIMESTAMP", timestamp);
    addSecretHash(responses, userId);
    var r =
        call(
            () ->
                client.respondToAuthChallenge(
                    b ->
                        b.clientId(clientId)
                            .challengeName("PASSWORD_VERIFIER")
                            .session(init.session())
                            .challengeResponses(responses)));
    return result(
        userId,
        r.challengeNameAsString(),
        r.session(),
        r.challengeParameters(),
        r.authenticationResult(),
        null);
  }

  @Override
  public AuthResult respondToChallenge(ChallengeResponse response) {
    AuthResult.ChallengeRequired ch = response.challenge();
    if (ch.expiresAt() != null && clock.instant().isAfter(ch.expiresAt())) {
      return new AuthResult.Failed(
          FailureCode.CHALLENGE_FAILED, "The sign-in step expired; sign in again.");
    }
    CognitoChallenges.checkAnswers(ch, response.answers());
    String session = ch.session();
    Map<String, String> answers = new LinkedHashMap<>(response.answers());
    try {
      if (ch.type() == ChallengeType.MFA_SETUP) {
        String code = answers.remove("USER_CODE");
        if (code == null) {
          throw new IllegalArgumentException(
              "answer an MFA_SETUP challenge with USER_CODE, the first code of "
                  + "the authenticator app (after setUpSoftwareToken)");
        }
        String device = answers.remove("DEVICE_NAME");
        var v =
            call(
                () ->
                    client.verifySoftwareToken(
                        b -> b.session(ch.session()).userCode(code).friendlyDeviceName(device)));
        if (v.status() != VerifySoftwareTokenResponseType.SUCCESS) {
          return new AuthResult.Failed(FailureCode.CHALLENGE_FAILED, "The code was not accepted.");
        }
        session = v.session();
      }
      Map<String, String> responses = new LinkedHashMap<>(answers);
      responses.put("USERNAME", ch.username());
      addSecretHash(responses, ch.username());
      String s = session;
      String name = ch.providerName();
      if (flow == Flow.ADMIN_USER_PASSWORD_AUTH) {
        var r =
            call(
                () ->
                    client.adminRespondToAuthChallenge(
                        b ->
                            b.userPoolId(userPoolId)
                                .clientId(clientId)
                                .challengeName(name)
                                .session(s)
                                .challengeResponses(responses)));
        return result(
            ch.username(),
            r.challengeNameAsString(),
            r.session(),
            r.challengeParameters(),
            r.authenticationResult(),
            null);
      }
      var r =
          call(
              () ->
                  client.respondToAuthChallenge(
                      b ->
                          b.clientId(clientId)
                              .challengeName(name)
                              .session(s)
                              .challengeResponses(responses)));
      return result(
          ch.username(),
          r.challengeNameAsString(),
          r.session(),
          r.challengeParameters(),
          r.authenticationResult(),
          null);
    } catch (CodeMismatchException | ExpiredCodeException e) {
      return new AuthResult.Failed(FailureCode.CHALLENGE_FAILED, "The code was not accepted.");
    } catch (InvalidPasswordException e) {
      return new AuthResult.Failed(
          FailureCode.CHALLENGE_FAILED,
          "The new password does not meet the password policy: "
              + e.awsErrorDetails().errorMessage());
    } catch (NotAuthorizedException e) {
      return new AuthResult.Failed(
          FailureCode.CHALLENGE_FAILED, "The sign-in step expired; sign in again.");
    } catch (SdkException e) {
      return CognitoErrors.signInFailure(e);
    }
  }

  /**
   * Starts an {@code MFA_SETUP} challenge: associates an authenticator app with the user and
   * returns its secret and the challenge to answer with the app's first code.
   */
  public SoftwareTokenSetup setUpSoftwareToken(AuthResult.ChallengeRequired challenge) {
    if (challenge.type() != ChallengeType.MFA_SETUP) {
      throw new IllegalArgumentException(
          "setUpSoftwareToken answers an MFA_SETUP challenge, not " + challenge.type());
    }
    var r = call(() -> client.associateSoftwareToken(b -> b.session(challenge.session())));
    AuthResult.ChallengeRequired next =
        new AuthResult.ChallengeRequired(
            ChallengeType.MFA_SETUP,
            challenge.providerName(),
            challenge.username(),
            r.session(),
            clock.instant().plus(CHALLENGE_TTL),
            challenge.parameters());
    return new SoftwareTokenSetup(r.secretCode(), next);
  }

  @Override
  public Principal verify(String accessToken) {
    JWTClaimsSet claims = verifier.verify(accessToken, CognitoJwtVerifier.TokenUse.ACCESS);
    if (signedOut.getIfPresent(sessionKey(claims, accessToken)) != null) {
      throw new TokenVerificationException("the token's sign-in session was signed out");
    }
    return principal(claims, null);
  }

  /**
   * Verifies an id token; its principal carries the e-mail and the {@code custom:personas}
   * attribute.
   */
  public Principal verifyIdToken(String idToken) {
    JWTClaimsSet claims = verifier.verify(idToken, CognitoJwtVerifier.TokenUse.ID);
    if (signedOut.getIfPresent(sessionKey(claims, idToken)) != null) {
      throw new TokenVerificationException("the token's sign-in session was signed out");
    }
    return principal(null, claims);
  }

  @Override
  public AuthResult refresh(String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank()) {
      return new AuthResult.Failed(
          FailureCode.INVALID_REFRESH_TOKEN, "The session expired; sign in again.");
    }
    return refresh(refreshToken, usernameByRefresh.getIfPresent(Hashes.sha256Hex(refreshToken)));
  }

  /**
   * Refreshes with the user's access token (expired is fine) naming the user, for app clients with
   * a secret when another instance signed the user in: the SECRET_HASH is computed over the token's
   * {@code username}.
   */
  public AuthResult refreshWithAccessToken(String refreshToken, String accessToken) {
    String username;
    try {
      username = SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("username");
    } catch (ParseException e) {
      return new AuthResult.Failed(
          FailureCode.INVALID_REFRESH_TOKEN, "The session expired; sign in again.");
    }
    return refresh(refreshToken, username);
  }

  private AuthResult refresh(String refreshToken, @Nullable String username) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("REFRESH_TOKEN", refreshToken);
    if (clientSecret != null) {
      if (username == null) {
        return new AuthResult.Failed(
            FailureCode.INVALID_REFRESH_TOKEN, "The session expired; sign in again.");
      }
      params.put("USERNAME", username);
      params.put("SECRET_HASH", SecretHash.of(username, clientId, clientSecret));
    }
    try {
      AuthenticationResultType r;
      if (flow == Flow.ADMIN_USER_PASSWORD_AUTH) {
        r =
            call(() ->
                    client.adminInitiateAuth(
                        b ->
                            b.userPoolId(userPoolId)
                                .clientId(clientId)
                                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                                .authParameters(params)))
                .authenticationResult();
      } else {
        r =
            call(() ->
                    client.initiateAuth(
                        b ->
                            b.clientId(clientId)
                                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                                .authParameters(params)))
                .authenticationResult();
      }
      if (r == null) {
        return new AuthResult.Failed(
            FailureCode.INVALID_REFRESH_TOKEN, "The session expired; sign in again.");
      }
      return authenticated(r, refreshToken);
    } catch (NotAuthorizedException | UserNotFoundException e) {
      return new AuthResult.Failed(
          FailureCode.INVALID_REFRESH_TOKEN, "The session expired; sign in again.");
    } catch (SdkException e) {
      return CognitoErrors.signInFailure(e);
    }
  }

  @Override
  public void signOut(String accessToken) {
    JWTClaimsSet claims = verifier.verify(accessToken, CognitoJwtVerifier.TokenUse.ACCESS);
    signedOut.put(sessionKey(claims, accessToken), claims.getExpirationTime().toInstant());
    try {
      call(() -> client.globalSignOut(b -> b.accessToken(accessToken)));
    } catch (NotAuthorizedException e) {
      LOG.debug("GlobalSignOut: the session was already signed out");
    }
  }

  /** Revokes a refresh token and the access tokens issued from it ({@code RevokeToken}). */
  public void revoke(String refreshToken) {
    call(
        () ->
            client.revokeToken(
                b -> b.token(refreshToken).clientId(clientId).clientSecret(clientSecret)));
    usernameByRefresh.invalidate(Hashes.sha256Hex(refreshToken));
  }

  @Override
  public Health health() {
    try {
      call(() -> client.describeUserPoolClient(b -> b.userPoolId(userPoolId).clientId(clientId)));
      return Health.up("auth:cognito");
    } catch (RuntimeException e) {
      return Health.down("auth:cognito", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  private AuthResult result(
      String username,
      @Nullable String challengeName,
      @Nullable String session,
      Map<String, String> params,
      @Nullable AuthenticationResultType auth,
      @Nullable String refreshFallback) {
    if (auth != null && auth.accessToken() != null) {
      return authenticated(auth, refreshFallback);
    }
    if (challengeName == null || session == null) {
      // neither tokens nor a challenge that can be answered (every Cognito challenge has a session)
      return new AuthResult.Failed(
          FailureCode.PROVIDER_UNAVAILABLE, "Sign-in is not available right now.");
    }
    return CognitoChallenges.challenge(
        username, challengeName, session, params, clock.instant().plus(CHALLENGE_TTL));
  }

  private AuthResult authenticated(AuthenticationResultType r, @Nullable String refreshFallback) {
    JWTClaimsSet access;
    JWTClaimsSet id;
    try {
      access = verifier.verify(r.accessToken(), CognitoJwtVerifier.TokenUse.ACCESS);
      id =
          r.idToken() == null ? null : verifier.verify(r.idToken(), CognitoJwtVerifier.TokenUse.ID);
    } catch (TokenVerificationException e) {
      // Cognito signed the user in, but this provider cannot check what it issued (keys
      // unreachable, issuer or client mismatch): a result, as AuthProvider promises, not an
      // exception; the cause goes to the log, the tokens nowhere
      LOG.warn(
          "Cognito issued tokens this provider cannot verify ({}); check auth.cognito.issuer and "
              + "auth.cognito.jwks-uri",
          e.getMessage());
      return new AuthResult.Failed(
          FailureCode.PROVIDER_UNAVAILABLE, "Sign-in is not available right now.");
    }
    String refresh = r.refreshToken() != null ? r.refreshToken() : refreshFallback;
    Object username = access.getClaim("username");
    if (refresh != null && username != null) {
      usernameByRefresh.put(Hashes.sha256Hex(refresh), username.toString());
    }
    Tokens tokens =
        new Tokens(r.accessToken(), r.idToken(), refresh, access.getExpirationTime().toInstant());
    return new AuthResult.Authenticated(principal(access, id), tokens);
  }

  private Principal principal(@Nullable JWTClaimsSet access, @Nullable JWTClaimsSet id) {
    JWTClaimsSet any =
        access != null ? access : Objects.requireNonNull(id, "an access or an ID token");
    Object username =
        access != null ? access.getClaim("username") : any.getClaim("cognito:username");
    String sub = any.getSubject();
    String email = id == null ? null : (String) id.getClaim("email");
    Set<String> personas = new LinkedHashSet<>();
    if (personaSource != PersonaSource.GROUPS
        && id != null
        && id.getClaim(personaAttribute) != null) {
      Arrays.stream(id.getClaim(personaAttribute).toString().split(","))
          .map(String::trim)
          .filter(p -> !p.isEmpty())
          .forEach(personas::add);
    }
    if (personaSource != PersonaSource.ATTRIBUTE) {
      // groups are persona names written by PersonaGroups' rule ("Warehouse_Manager")
      CognitoJwtVerifier.stringList(any.getClaim("cognito:groups"))
          .forEach(g -> personas.add(PersonaGroups.persona(g)));
    }
    return new Principal(
        sub,
        username == null ? sub : username.toString(),
        email,
        personas,
        any.getExpirationTime().toInstant());
  }

  /**
   * Returns what identifies the sign-in session a token belongs to, so that signing out revokes
   * that session and no other: origin_jti (ties access and id tokens to the authentication they
   * came from), else event_id (older pools), else the subject with auth_time (the same for every
   * token of one authentication, refreshes included), else the token's own jti, else a digest of
   * the whole token. Never a value shared by the tokens of different users.
   */
  private static String sessionKey(JWTClaimsSet c, String token) {
    Object origin = c.getClaim("origin_jti");
    if (origin == null) {
      origin = c.getClaim("event_id");
    }
    if (origin != null) {
      return "o:" + origin;
    }
    Object authTime = c.getClaim("auth_time");
    if (c.getSubject() != null && authTime != null) {
      return "a:" + c.getSubject() + ":" + authTime;
    }
    if (c.getJWTID() != null) {
      return "j:" + c.getJWTID();
    }
    return "t:" + Hashes.sha256Hex(token);
  }

  private void addSecretHash(Map<String, String> params, String username) {
    if (clientSecret != null) {
      params.put("SECRET_HASH", SecretHash.of(username, clientId, clientSecret));
    }
  }

  private <T> T call(Supplier<T> op) {
    return retries.execute(op);
  }

  @Override
  public String toString() {
    return "CognitoAuthProvider{pool="
        + userPoolId
        + ", flow="
        + flow
        + ", clientSecret="
        + (clientSecret == null ? "none" : "***")
        + "}";
  }

  /** Builds a {@link CognitoAuthProvider}; not thread-safe. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("CognitoAuthProvider.Builder");
    private @Nullable AwsCredentialsProvider credentials;
    private @Nullable CognitoIdentityProviderClient client;
    private @Nullable String region;
    private @Nullable URI endpoint;
    private @Nullable String userPoolId;
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private Flow flow = Flow.USER_PASSWORD_AUTH;
    private PersonaSource personaSource = PersonaSource.BOTH;
    private String personaAttribute = "custom:personas";
    private @Nullable CognitoJwtVerifier verifier;
    private @Nullable String issuer;
    private boolean allowHttpIssuer;
    private @Nullable URI jwksUri;
    private Duration clockSkew = Duration.ofSeconds(30);
    private Duration throttleBackoff = Duration.ofMillis(100);
    private int throttleRetries = 4;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Uses a caller-built client, which the provider will not close. */
    public Builder client(CognitoIdentityProviderClient client) {
      once.check("client", client);
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the credentials of the SDK clients built here (default: the SDK's default chain:
     * environment, system properties, profile, container and instance roles). A caller-built client
     * keeps its own.
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      once.check("credentialsProvider", credentials);
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Sets the region (default: the one in the pool id). */
    public Builder region(String region) {
      once.check("region", region);
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** Overrides the Cognito endpoint of a client built here (a local emulator). */
    public Builder endpoint(URI endpoint) {
      once.check("endpoint", endpoint);
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Sets the user pool id, such as {@code eu-west-1_AbCdEf123}; required. */
    public Builder userPoolId(String id) {
      once.check("userPoolId", id);
      this.userPoolId = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Sets the app client id; required. */
    public Builder clientId(String id) {
      once.check("clientId", id);
      this.clientId = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Sets the app client secret, when the client has one; never printed. */
    public Builder clientSecret(String secret) {
      once.checkSecret("clientSecret");
      this.clientSecret = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /** Sets the sign-in flow (default {@link Flow#USER_PASSWORD_AUTH}). */
    public Builder flow(Flow flow) {
      once.check("flow", flow);
      this.flow = Objects.requireNonNull(flow, "flow");
      return this;
    }

    /** Sets where personas come from (default {@link PersonaSource#BOTH}). */
    public Builder personaSource(PersonaSource source) {
      once.check("personaSource", source);
      this.personaSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Sets the persona attribute (default {@code custom:personas}). */
    public Builder personaAttribute(String attribute) {
      once.check("personaAttribute", attribute);
      this.personaAttribute = Objects.requireNonNull(attribute, "attribute");
      return this;
    }

    /** Uses a caller-built verifier. */
    public Builder verifier(CognitoJwtVerifier verifier) {
      once.check("verifier", verifier);
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * Sets the token issuer of a local emulator (default: the pool's Cognito issuer); http only
     * with {@code allowHttp}.
     */
    public Builder issuer(String issuer, boolean allowHttp) {
      once.check("issuer", String.valueOf(issuer) + ", " + String.valueOf(allowHttp));
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      this.allowHttpIssuer = allowHttp;
      return this;
    }

    /**
     * Sets where the pool's signing keys are read (default: {@code <issuer>/.well-known/jwks.json},
     * the issuer being AWS's for the pool unless {@link #issuer} says otherwise). For an emulator,
     * a VPC endpoint or a proxy, where {@link #endpoint} moves the API calls but not the keys.
     */
    public Builder jwksUri(URI uri) {
      once.check("jwksUri", uri);
      this.jwksUri = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /** Sets the grace for token expiry (default 30 s). */
    public Builder clockSkew(Duration skew) {
      once.check("clockSkew", skew);
      this.clockSkew = Objects.requireNonNull(skew, "skew");
      return this;
    }

    /**
     * Sets the retries of throttled and transient calls (default 4, from 100 ms with jitter). A
     * client built here has the SDK's own retries off; a caller-built client keeps its own.
     */
    public Builder throttleRetries(int retries, Duration firstBackoff) {
      once.check("throttleRetries", String.valueOf(retries) + ", " + String.valueOf(firstBackoff));
      if (retries < 0) {
        throw new IllegalArgumentException("retries must be >= 0, got " + retries);
      }
      this.throttleRetries = retries;
      this.throttleBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
      return this;
    }

    /** Sets the clock (tests). */
    public Builder clock(Clock clock) {
      once.check("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the provider. */
    public CognitoAuthProvider build() {
      if (userPoolId == null || clientId == null) {
        throw new IllegalStateException("set the user pool id and the app client id");
      }
      int underscore = userPoolId.indexOf('_');
      if (underscore <= 0) {
        throw new IllegalStateException(
            "user pool id " + userPoolId + " is not of the form <region>_<id>");
      }
      String poolRegion = region != null ? region : userPoolId.substring(0, underscore);
      CognitoJwtVerifier v = verifier;
      if (v == null) {
        CognitoJwtVerifier.Builder vb =
            issuer != null
                ? CognitoJwtVerifier.forIssuer(issuer)
                : CognitoJwtVerifier.forUserPool(poolRegion, userPoolId);
        if (allowHttpIssuer) {
          vb.allowHttpIssuer();
        }
        if (jwksUri != null) {
          vb.jwksUri(jwksUri);
        }
        v = vb.clientIds(clientId).clockSkew(clockSkew).clock(clock).build();
      }
      CognitoIdentityProviderClient c = client;
      if (c == null) {
        CognitoIdentityProviderClientBuilder b =
            CognitoIdentityProviderClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(poolRegion))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)));
        if (credentials != null) {
          b.credentialsProvider(credentials);
        }
        if (endpoint != null) {
          b.endpointOverride(endpoint);
        }
        c = b.build();
      }
      return new CognitoAuthProvider(this, c, v);
    }
  }
}
