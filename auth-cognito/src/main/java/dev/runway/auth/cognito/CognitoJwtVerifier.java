package dev.runway.auth.cognito;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.core.internal.SetOnce;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies Cognito user-pool tokens offline, on every request, against the pool's JSON Web Key Set:
 * the signature (RS256 only: {@code none}, HMAC and every other algorithm are refused), the exact
 * issuer ({@code https://cognito-idp.<region>.amazonaws.com/<poolId>}), {@code token_use} (access
 * or id, required), {@code client_id} of access tokens or {@code aud} of id tokens, {@code exp}
 * (required) and {@code nbf} with a small grace, and optionally required groups and scopes.
 * Thread-safe.
 *
 * <p>Keys are cached for {@link Builder#jwksCacheTtl} (default 1 hour). A token with an unknown
 * {@code kid} refetches the key set at most once per {@link Builder#refetchInterval} (default 30 s)
 * however many such tokens arrive, so forged {@code kid}s cannot turn into a flood of requests to
 * the JWKS endpoint. Cached keys keep working while the endpoint is down; with no keys at all (a
 * cold start with the endpoint down) every token is refused: the verifier fails closed.
 *
 * <p>A client sends the same token with every request until it expires, so the last {@link
 * Builder#verifiedTokenCacheSize} (default 1,000) tokens that verified are remembered by their
 * exact text: the same text again is checked for expiry ({@code exp}, {@code nbf}) and for its key
 * still being in the key set, without a second signature check. Any other text, one character
 * apart, is verified in full. A change of the key set forgets them all.
 */
public final class CognitoJwtVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(CognitoJwtVerifier.class);

  /** Which token a caller expects. */
  public enum TokenUse {
    /** An access token: checked against {@code client_id}, carries groups and scopes. */
    ACCESS,
    /** An id token: checked against {@code aud}, carries the user's attributes. */
    ID
  }

  private final String issuer;
  private final URI jwksUri;
  private final Set<String> clientIds;
  private final Duration clockSkew;
  private final Duration cacheTtl;
  private final Duration refetchInterval;
  private final Set<String> requiredGroups;
  private final Set<String> requiredScopes;
  private final Clock clock;
  private final HttpClient http;
  private final Duration fetchTimeout;
  private final AtomicLong fetches = new AtomicLong();
  private final @Nullable Cache<String, Verified> verified;

  /** A token that verified: its kind, the key that verified it and its claims. */
  private record Verified(TokenUse use, String kid, RSASSAVerifier rsa, JWTClaimsSet claims) {}

  private volatile @Nullable JWKSet keys;
  private final Map<String, RSASSAVerifier> verifiers = new ConcurrentHashMap<>();
  private volatile Instant fetchedAt = Instant.MIN;
  private volatile Instant lastAttempt = Instant.MIN;

  private CognitoJwtVerifier(Builder b) {
    this.issuer = b.issuer;
    this.jwksUri = b.jwksUri != null ? b.jwksUri : URI.create(b.issuer + "/.well-known/jwks.json");
    this.clientIds = Set.copyOf(b.clientIds);
    this.clockSkew = b.clockSkew;
    this.cacheTtl = b.cacheTtl;
    this.refetchInterval = b.refetchInterval;
    this.requiredGroups = Set.copyOf(b.requiredGroups);
    this.requiredScopes = Set.copyOf(b.requiredScopes);
    this.clock = b.clock;
    this.fetchTimeout = b.fetchTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(b.fetchTimeout).build();
    this.verified =
        b.verifiedTokenCacheSize == 0
            ? null
            : Caffeine.newBuilder()
                .maximumSize(b.verifiedTokenCacheSize)
                .executor(Runnable::run)
                .build();
  }

  /** Returns a builder for the pool {@code userPoolId} in {@code region}. */
  public static Builder forUserPool(String region, String userPoolId) {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(userPoolId, "userPoolId");
    if (!userPoolId.startsWith(region + "_")) {
      throw new IllegalArgumentException(
          "user pool id "
              + userPoolId
              + " does not belong to region "
              + region
              + " (pool ids start with the region, e.g. "
              + region
              + "_AbCdEf123)");
    }
    return new Builder("https://cognito-idp." + region + ".amazonaws.com/" + userPoolId);
  }

  /**
   * Returns a builder for an explicit issuer, such as a local emulator's. An {@code http} issuer is
   * refused unless {@link Builder#allowHttpIssuer()} is called.
   */
  public static Builder forIssuer(String issuer) {
    return new Builder(Objects.requireNonNull(issuer, "issuer"));
  }

  /** Returns the issuer every token must name exactly. */
  public String issuer() {
    return issuer;
  }

  /** Returns how many times the key set was fetched; for tests and monitoring. */
  public long jwksFetches() {
    return fetches.get();
  }

  /**
   * Verifies {@code token} as a token of kind {@code use} and returns its claims.
   *
   * @throws TokenVerificationException naming what is wrong (never the token)
   */
  public JWTClaimsSet verify(String token, TokenUse use) {
    Objects.requireNonNull(use, "use");
    if (token == null || token.isBlank()) {
      throw new TokenVerificationException("no token");
    }
    Cache<String, Verified> seen = verified;
    if (seen != null) {
      Verified v = seen.getIfPresent(token);
      // the same text verified before with a key that is still the pool's: only time has moved
      if (v != null && v.use() == use && verifierFor(v.kid()) == v.rsa()) {
        checkTime(v.claims());
        return v.claims();
      }
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new TokenVerificationException("the token is not a signed JWT");
    }
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
      throw new TokenVerificationException(
          "algorithm " + header.getAlgorithm() + " is not accepted; " + "Cognito signs with RS256");
    }
    String kid = header.getKeyID();
    if (kid == null) {
      throw new TokenVerificationException("the token names no key (kid)");
    }
    RSASSAVerifier rsa = verifierFor(kid);
    try {
      if (!jwt.verify(rsa)) {
        throw new TokenVerificationException("the signature does not verify");
      }
    } catch (JOSEException e) {
      throw new TokenVerificationException("the signature does not verify");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new TokenVerificationException("the token's claims do not parse");
    }
    checkClaims(claims, use);
    if (seen != null) {
      seen.put(token, new Verified(use, kid, rsa, claims));
    }
    return claims;
  }

  private void checkClaims(JWTClaimsSet c, TokenUse use) {
    if (!issuer.equals(c.getIssuer())) {
      throw new TokenVerificationException("issuer " + c.getIssuer() + " is not " + issuer);
    }
    Object tokenUse = c.getClaim("token_use");
    String expected = use == TokenUse.ACCESS ? "access" : "id";
    if (!expected.equals(tokenUse)) {
      throw new TokenVerificationException("token_use is " + tokenUse + ", expected " + expected);
    }
    if (use == TokenUse.ACCESS) {
      Object clientId = c.getClaim("client_id");
      if (!(clientId instanceof String s) || !clientIds.contains(s)) {
        throw new TokenVerificationException(
            "client_id " + clientId + " is not an accepted app client");
      }
    } else {
      List<String> aud = c.getAudience();
      if (aud == null || aud.stream().noneMatch(clientIds::contains)) {
        throw new TokenVerificationException("aud " + aud + " names no accepted app client");
      }
    }
    checkTime(c);
    if (!requiredGroups.isEmpty()) {
      List<String> groups = stringList(c.getClaim("cognito:groups"));
      if (groups.stream().noneMatch(requiredGroups::contains)) {
        throw new TokenVerificationException(
            "the user is in none of the required groups " + requiredGroups);
      }
    }
    if (!requiredScopes.isEmpty()) {
      Object scope = c.getClaim("scope");
      List<String> scopes = scope instanceof String s ? List.of(s.split(" ")) : List.of();
      if (!scopes.containsAll(requiredScopes)) {
        throw new TokenVerificationException(
            "the token lacks a required scope of " + requiredScopes);
      }
    }
  }

  /** Checks {@code exp} and {@code nbf} against the clock, with the clock skew as grace. */
  private void checkTime(JWTClaimsSet c) {
    Instant now = clock.instant();
    Date exp = c.getExpirationTime();
    if (exp == null) {
      throw new TokenVerificationException("the token has no expiry (exp)");
    }
    if (now.isAfter(exp.toInstant().plus(clockSkew))) {
      throw new TokenVerificationException("the token expired at " + exp.toInstant());
    }
    Date nbf = c.getNotBeforeTime();
    if (nbf != null && now.plus(clockSkew).isBefore(nbf.toInstant())) {
      throw new TokenVerificationException("the token is not valid before " + nbf.toInstant());
    }
  }

  /** Returns the claim as a list of strings (empty if absent). */
  static List<String> stringList(Object claim) {
    if (claim instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    return claim == null ? List.of() : List.of(String.valueOf(claim));
  }

  private RSASSAVerifier verifierFor(String kid) {
    JWKSet current = keys;
    RSASSAVerifier cached = verifiers.get(kid);
    Instant now = clock.instant();
    if (cached != null && current != null && !now.isAfter(fetchedAt.plus(cacheTtl))) {
      return cached;
    }
    RSAKey key = key(kid);
    try {
      RSASSAVerifier v = new RSASSAVerifier(key.toRSAPublicKey());
      verifiers.put(kid, v);
      return v;
    } catch (JOSEException e) {
      throw new TokenVerificationException("key " + kid + " is not a usable RSA public key");
    }
  }

  private RSAKey key(String kid) {
    Instant now = clock.instant();
    JWKSet current = keys;
    if (current == null || now.isAfter(fetchedAt.plus(cacheTtl))) {
      current = refresh(now);
    }
    JWK jwk = current == null ? null : current.getKeyByKeyId(kid);
    if (jwk == null && current != null) {
      current = refresh(now); // a rotated key: at most one fetch per refetch interval
      jwk = current == null ? null : current.getKeyByKeyId(kid);
    }
    if (current == null) {
      throw new TokenVerificationException(
          "no signing keys are available (the JWKS endpoint could not be read); "
              + "refusing every token until it can be");
    }
    if (!(jwk instanceof RSAKey rsa)) {
      throw new TokenVerificationException("key " + kid + " is not one of the pool's signing keys");
    }
    return rsa;
  }

  /**
   * Fetches the key set unless a fetch was tried within the refetch interval; keeps the old keys on
   * failure.
   */
  private synchronized @Nullable JWKSet refresh(Instant now) {
    if (now.isBefore(lastAttempt.plus(refetchInterval))) {
      return keys;
    }
    lastAttempt = now;
    fetches.incrementAndGet();
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(jwksUri).timeout(fetchTimeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("HTTP " + r.statusCode());
      }
      JWKSet set = JWKSet.parse(r.body());
      verifiers.clear(); // keys removed from the set stop verifying
      if (verified != null) {
        verified.invalidateAll();
      }
      keys = set;
      fetchedAt = now;
      return set;
    } catch (IOException | ParseException e) {
      LOG.warn(
          "could not read the JWKS at {} ({}); {}",
          jwksUri,
          e.getMessage(),
          keys == null ? "no keys cached: tokens are refused" : "keeping the cached keys");
      return keys;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return keys;
    }
  }

  @Override
  public String toString() {
    return "CognitoJwtVerifier{issuer=" + issuer + ", clients=" + clientIds.size() + "}";
  }

  /** Builds a {@link CognitoJwtVerifier}; not thread-safe. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("CognitoJwtVerifier.Builder");
    private final String issuer;
    private @Nullable URI jwksUri;
    private Set<String> clientIds = Set.of();
    private Duration clockSkew = Duration.ofSeconds(30);
    private Duration cacheTtl = Duration.ofHours(1);
    private Duration refetchInterval = Duration.ofSeconds(30);
    private Set<String> requiredGroups = Set.of();
    private Set<String> requiredScopes = Set.of();
    private Clock clock = Clock.systemUTC();
    private Duration fetchTimeout = Duration.ofSeconds(5);
    private int verifiedTokenCacheSize = 1_000;
    private boolean allowHttp;

    private Builder(String issuer) {
      this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    /** Sets the app client ids whose tokens are accepted; at least one is required. */
    public Builder clientIds(String... ids) {
      once.check("clientIds", ids);
      this.clientIds = Set.of(ids);
      return this;
    }

    /** Overrides where the key set is read (default: issuer + {@code /.well-known/jwks.json}). */
    public Builder jwksUri(URI uri) {
      once.check("jwksUri", uri);
      this.jwksUri = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /** Sets the grace for {@code exp} and {@code nbf} (default 30 s, at most 5 minutes). */
    public Builder clockSkew(Duration skew) {
      once.check("clockSkew", skew);
      if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException(
            "clock skew must be between 0 and 5 minutes, got " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    /** Sets how long fetched keys are used before they are fetched again (default 1 hour). */
    public Builder jwksCacheTtl(Duration ttl) {
      once.check("jwksCacheTtl", ttl);
      this.cacheTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /** Sets the least time between two fetches caused by unknown key ids (default 30 s). */
    public Builder refetchInterval(Duration interval) {
      once.check("refetchInterval", interval);
      this.refetchInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** Requires access and id tokens to carry one of these groups. */
    public Builder requiredGroups(String... groups) {
      once.check("requiredGroups", groups);
      this.requiredGroups = Set.of(groups);
      return this;
    }

    /** Requires access tokens to carry all of these scopes. */
    public Builder requiredScopes(String... scopes) {
      once.check("requiredScopes", scopes);
      this.requiredScopes = Set.of(scopes);
      return this;
    }

    /** Sets the clock (tests). */
    public Builder clock(Clock clock) {
      once.check("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the timeout of a key-set fetch (default 5 s). */
    public Builder fetchTimeout(Duration timeout) {
      once.check("fetchTimeout", timeout);
      this.fetchTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets how many verified tokens are remembered by their exact text (default 1,000; 0 verifies
     * every token in full every time). Each costs the token's text and its claims, a few KB.
     */
    public Builder verifiedTokenCacheSize(int size) {
      once.check("verifiedTokenCacheSize", size);
      if (size < 0) {
        throw new IllegalArgumentException("verifiedTokenCacheSize must be 0 or more, got " + size);
      }
      this.verifiedTokenCacheSize = size;
      return this;
    }

    /** Accepts an {@code http://} issuer: for local emulators only, never for a real pool. */
    public Builder allowHttpIssuer() {
      once.check("allowHttpIssuer", true);
      this.allowHttp = true;
      return this;
    }

    /** Returns the verifier. */
    public CognitoJwtVerifier build() {
      if (clientIds.isEmpty()) {
        throw new IllegalStateException("set the app client id(s) whose tokens are accepted");
      }
      String scheme = URI.create(issuer).getScheme();
      if (scheme == null
          || !(scheme.toLowerCase(Locale.ROOT).equals("https")
              || (allowHttp && scheme.toLowerCase(Locale.ROOT).equals("http")))) {
        throw new IllegalStateException(
            "issuer "
                + issuer
                + " must use https (call allowHttpIssuer() "
                + "for a local emulator only)");
      }
      return new CognitoJwtVerifier(this);
    }
  }
}
