package dev.runway.core.local;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.ChallengeResponse;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.auth.Principal;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.core.auth.Tokens;
import dev.runway.core.coordination.Coordination;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.internal.Checks;
import dev.runway.core.internal.Hashes;
import dev.runway.core.internal.SetOnce;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AuthProvider} over a local users file with bcrypt hashes, issuing its own signed tokens
 * (JWT, HS256). For development and single-instance deployments; Cognito replaces it in production
 * by configuration. Thread-safe.
 *
 * <p>Sign-in is enumeration-safe: an unknown user is checked against a dummy hash at the configured
 * bcrypt cost ({@link Builder#passwordCost}, by default the highest cost in the file), so it fails
 * with the same code, the same message and about the same time as a wrong password. A user whose
 * hash has another cost is rehashed at the configured cost when they next sign in (and the file
 * rewritten, when the provider read it from a file), so a file with mixed costs converges and the
 * timing of every path becomes the same. An empty password is refused without running bcrypt. After
 * 5 failures a user name (known or not) is locked for 30 s, doubling with each further failure up
 * to 15 minutes; a success resets it. Attempts are reserved before bcrypt runs, so however many
 * guesses arrive at once, at most 5 are evaluated before the lock; the others are refused with
 * {@link FailureCode#THROTTLED} (retry shortly), not as a lock. Tokens carry a sign-in session id;
 * {@link #signOut} revokes that session, so its access and refresh tokens stop working. Refresh
 * tokens are opaque, single-use and rotated. Revocations and refresh tokens live in memory: a
 * restart signs everyone out unless a fixed signing secret is configured, in which case access
 * tokens stay valid until they expire.
 */
public final class FileAuthProvider implements AuthProvider {

  private static final Logger LOG = LoggerFactory.getLogger(FileAuthProvider.class);
  private static final String INVALID = "invalid username or password";
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  /** Failed attempts, attempts being evaluated now, and the lock they caused. */
  private record Failures(int count, int inFlight, @Nullable Instant lockedUntil) {}

  private record RefreshGrant(String username, String sessionId, Instant expiresAt) {}

  private static final String FAILURES = "auth:local:failures:";
  private static final String LOCK = "auth:local:locked:";
  private static final String REVOKED = "auth:local:revoked";
  private static final String REFRESH = "auth:local:refresh:";
  private static final String USED = "used";

  /**
   * Takes a refresh grant from the shared store, once across every instance; null when there is
   * none.
   */
  private @Nullable RefreshGrant takeShared(String refreshToken) {
    String key = REFRESH + Hashes.sha256Hex(refreshToken);
    Optional<String> stored = Objects.requireNonNull(shared).read(key);
    if (stored.isEmpty()
        || stored.get().equals(USED)
        || !shared.replace(key, stored, USED, refreshTokenTtl)) {
      return null;
    }
    String[] parts = stored.get().split("\n", 3);
    return new RefreshGrant(parts[0], parts[1], Instant.ofEpochMilli(Long.parseLong(parts[2])));
  }

  private volatile UsersFile users;
  private final @Nullable Path usersPath;
  private final int passwordCost;
  private final Object rehashLock = new Object();
  private final Clock clock;
  private final Duration accessTokenTtl;
  private final Duration refreshTokenTtl;
  private final String issuer;
  private final MACSigner signer;
  private final MACVerifier verifier;
  private final String dummyHash;
  private final int maxFailures;
  private final Duration lockoutBase;
  private final Duration lockoutMax;
  private final Cache<String, Failures> failures;
  private final ConcurrentHashMap<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
  private final Cache<String, Boolean> revokedSessions;
  private final SecureRandom random = new SecureRandom();

  /**
   * Lockouts, revocations and refresh grants shared with the other instances; null: this process
   * only.
   */
  private final @Nullable Coordination shared;

  private FileAuthProvider(Builder b, UsersFile users) {
    this.shared = b.shared;
    this.users = users;
    this.usersPath = b.usersPath;
    this.clock = b.clock;
    this.accessTokenTtl = b.accessTokenTtl;
    this.refreshTokenTtl = b.refreshTokenTtl;
    this.issuer = b.issuer;
    this.maxFailures = b.maxFailures;
    this.lockoutBase = b.lockoutBase;
    this.lockoutMax = b.lockoutMax;
    byte[] secret = b.secret;
    if (secret == null) {
      secret = new byte[32];
      random.nextBytes(secret);
      LOG.info(
          "no token signing secret configured: tokens are signed with a random key and "
              + "stop verifying when this process restarts");
    }
    try {
      this.signer = new MACSigner(secret);
      this.verifier = new MACVerifier(secret);
    } catch (JOSEException e) {
      throw new ConfigurationException(
          "auth.local.token-secret", "must be at least 32 bytes", null);
    }
    this.passwordCost =
        b.passwordCost > 0
            ? b.passwordCost
            : users.users().stream()
                .map(u -> PasswordHasher.costOf(u.passwordHash()))
                .max(Integer::compare)
                .orElse(PasswordHasher.DEFAULT_COST);
    this.dummyHash = PasswordHasher.hash(UUID.randomUUID().toString().toCharArray(), passwordCost);
    this.failures =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(lockoutMax.multipliedBy(2))
            .build();
    this.revokedSessions =
        Caffeine.newBuilder()
            .expireAfterWrite(
                refreshTokenTtl.compareTo(accessTokenTtl) > 0 ? refreshTokenTtl : accessTokenTtl)
            .build();
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public AuthResult authenticate(String username, String password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    String key = username.toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    if (password.isEmpty() || !PasswordHasher.fitsLimit(password)) {
      // refused before hashing: nothing to compare (empty), or bcrypt would ignore everything past
      // byte 72; the same answer for any user name, so nothing is learnt from it
      AuthResult locked = reserve(key, now);
      if (locked != null) {
        return locked;
      }
      recordFailure(key, now);
      return new AuthResult.Failed(FailureCode.INVALID_CREDENTIALS, INVALID);
    }
    AuthResult locked = reserve(key, now);
    if (locked != null) {
      return locked;
    }
    UserRecord user = users.user(username).orElse(null);
    boolean matches;
    try {
      // Always run bcrypt, against a dummy hash of the configured cost for unknown users, so the
      // answer takes the same time whether or not the user exists.
      String hash = user == null ? dummyHash : user.passwordHash();
      matches = verify(password, hash);
      if (!matches && user != null && PasswordHasher.costOf(hash) < passwordCost) {
        // a hash not yet rehashed to the configured cost (a migration in progress) checks faster
        // than the dummy of an unknown user: spend the configured cost as well, so that a wrong
        // password takes at least as long for such a user as for an unknown one
        verify(password, dummyHash);
      }
    } catch (RuntimeException e) {
      release(key);
      throw e;
    }
    if (user == null || !matches) {
      recordFailure(key, now);
      return new AuthResult.Failed(FailureCode.INVALID_CREDENTIALS, INVALID);
    }
    failures.invalidate(key);
    if (shared != null) {
      long count = shared.get(FAILURES + key);
      if (count > 0) {
        shared.add(FAILURES + key, -count, lockoutMax.multipliedBy(2));
      }
    }
    if (!user.active()) {
      return new AuthResult.Failed(FailureCode.ACCOUNT_DISABLED, "this account is deactivated");
    }
    rehashIfNeeded(user, password);
    return issue(user, UUID.randomUUID().toString(), now);
  }

  /**
   * Takes one of the attempts the user name has before the lock, atomically; returns the refusal
   * when it is locked or when as many attempts as could still lock it are being evaluated now.
   */
  private @Nullable AuthResult reserve(String key, Instant now) {
    if (shared != null) {
      // locked by failures on any instance
      Optional<Instant> until =
          shared.read(LOCK + key).map(v -> Instant.ofEpochMilli(Long.parseLong(v)));
      if (until.isPresent() && now.isBefore(until.get())) {
        long seconds = Math.max(1, Duration.between(now, until.get()).toSeconds());
        return new AuthResult.Failed(
            FailureCode.ACCOUNT_LOCKED,
            "too many failed sign-in attempts; try again in " + seconds + " s");
      }
    }
    boolean[] refused = new boolean[1];
    Failures after =
        failures
            .asMap()
            .compute(
                key,
                (k, old) -> {
                  Failures f = old == null ? new Failures(0, 0, null) : old;
                  if (f.lockedUntil() != null && now.isBefore(f.lockedUntil())) {
                    refused[0] = true;
                    return f;
                  }
                  // before the first lock, the failures left; after a lock ran out, one attempt at
                  // a time
                  // (each further failure locks again, for twice as long)
                  int allowed = f.lockedUntil() != null ? 1 : maxFailures - f.count();
                  if (f.inFlight() >= allowed) {
                    refused[0] =
                        true; // every attempt that could still lock it is being evaluated already
                    return f;
                  }
                  return new Failures(f.count(), f.inFlight() + 1, f.lockedUntil());
                });
    if (!refused[0]) {
      return null;
    }
    if (after.lockedUntil() != null && now.isBefore(after.lockedUntil())) {
      long seconds = Math.max(1, Duration.between(now, after.lockedUntil()).toSeconds());
      return new AuthResult.Failed(
          FailureCode.ACCOUNT_LOCKED,
          "too many failed sign-in attempts; try again in " + seconds + " s");
    }
    // not a lock: the attempts being evaluated may all succeed; the caller may retry shortly
    return new AuthResult.Failed(
        FailureCode.THROTTLED, "too many sign-in attempts at once; try again in a few seconds");
  }

  private void release(String key) {
    failures
        .asMap()
        .computeIfPresent(
            key, (k, f) -> new Failures(f.count(), Math.max(0, f.inFlight() - 1), f.lockedUntil()));
  }

  private void recordFailure(String key, Instant now) {
    if (shared != null) {
      // the count every instance adds to; the lock, once reached, is a record every instance reads
      long count = shared.add(FAILURES + key, 1, lockoutMax.multipliedBy(2));
      if (count >= maxFailures) {
        int doublings = (int) Math.min(20, count - maxFailures);
        Duration lock = lockoutBase.multipliedBy(1L << doublings);
        lock = lock.compareTo(lockoutMax) > 0 ? lockoutMax : lock;
        shared.put(LOCK + key, Long.toString(now.plus(lock).toEpochMilli()), lock);
      }
    }
    failures
        .asMap()
        .compute(
            key,
            (k, old) -> {
              int count = old == null ? 1 : old.count() + 1;
              int inFlight = old == null ? 0 : Math.max(0, old.inFlight() - 1);
              Instant lockedUntil = old == null ? null : old.lockedUntil();
              if (count >= maxFailures) {
                int doublings = Math.min(20, count - maxFailures);
                Duration lock = lockoutBase.multipliedBy(1L << doublings);
                lockedUntil = now.plus(lock.compareTo(lockoutMax) > 0 ? lockoutMax : lock);
              }
              return new Failures(count, inFlight, lockedUntil);
            });
  }

  /** bcrypt rounds (2^cost per check) this provider has run: what equal answer times rest on. */
  private final java.util.concurrent.atomic.LongAdder bcryptRounds =
      new java.util.concurrent.atomic.LongAdder();

  private boolean verify(String password, String hash) {
    bcryptRounds.add(1L << PasswordHasher.costOf(hash));
    return PasswordHasher.verify(password.toCharArray(), hash);
  }

  /** Returns the bcrypt rounds run so far (for tests of equal work per answer). */
  long bcryptRounds() {
    return bcryptRounds.sum();
  }

  /**
   * Rehashes a password of another cost at the configured cost, so that every path costs the same.
   */
  private void rehashIfNeeded(UserRecord user, String password) {
    if (PasswordHasher.costOf(user.passwordHash()) == passwordCost) {
      return;
    }
    String hash = PasswordHasher.hash(password.toCharArray(), passwordCost);
    synchronized (rehashLock) {
      UserRecord current = users.user(user.username()).orElse(null);
      if (current == null || !current.passwordHash().equals(user.passwordHash())) {
        return; // changed meanwhile
      }
      users =
          users.withUser(
              new UserRecord(
                  current.username(), hash, current.personas(), current.active(), current.email()));
      if (usersPath != null) {
        try {
          users.save(usersPath);
        } catch (RuntimeException e) {
          LOG.warn(
              "could not rewrite the users file with {}'s rehashed password (bcrypt cost {}): {}",
              user.username(),
              passwordCost,
              e.toString());
        }
      }
    }
    LOG.info("rehashed the password of {} at bcrypt cost {}", user.username(), passwordCost);
  }

  private AuthResult.Authenticated issue(UserRecord user, String sessionId, Instant now) {
    Instant expires = now.plus(accessTokenTtl);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(user.username())
            .audience(issuer)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(expires))
            .jwtID(UUID.randomUUID().toString())
            .claim("token_use", "access")
            .claim("sid", sessionId)
            .claim("username", user.username())
            .claim("personas", user.personas())
            .claim("email", user.email())
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a token failed", e);
    }
    byte[] refreshBytes = new byte[32];
    random.nextBytes(refreshBytes);
    String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(refreshBytes);
    if (shared != null) {
      // any instance may take it, once: stored under its digest, never the token itself
      shared.put(
          REFRESH + Hashes.sha256Hex(refresh),
          user.username() + "\n" + sessionId + "\n" + now.plus(refreshTokenTtl).toEpochMilli(),
          refreshTokenTtl);
    } else {
      refreshTokens.put(
          refresh, new RefreshGrant(user.username(), sessionId, now.plus(refreshTokenTtl)));
    }
    Principal principal =
        new Principal(
            user.username(),
            user.username(),
            user.email(),
            new HashSet<>(user.personas()),
            expires);
    return new AuthResult.Authenticated(
        principal, new Tokens(jwt.serialize(), null, refresh, expires));
  }

  /** The local provider issues no challenges; any response fails. */
  @Override
  public AuthResult respondToChallenge(ChallengeResponse response) {
    return new AuthResult.Failed(
        FailureCode.CHALLENGE_FAILED,
        "the local provider issues no challenges; sign in with authenticate()");
  }

  @Override
  public Principal verify(String accessToken) {
    JWTClaimsSet claims = verifySignature(accessToken);
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null || !now.isBefore(exp.toInstant().plus(CLOCK_SKEW))) {
      throw new TokenVerificationException("the token has expired; refresh it or sign in again");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant())) {
      throw new TokenVerificationException("the token is not valid yet (nbf in the future)");
    }
    if (!"access".equals(claims.getClaim("token_use"))) {
      throw new TokenVerificationException("not an access token");
    }
    String sid = (String) claims.getClaim("sid");
    if (sid == null
        || revokedSessions.getIfPresent(sid) != null
        || (shared != null && shared.hasMember(REVOKED, sid))) {
      throw new TokenVerificationException("the token was revoked by sign-out");
    }
    UserRecord user =
        users
            .user(claims.getSubject())
            .orElseThrow(() -> new TokenVerificationException("the token's user no longer exists"));
    if (!user.active()) {
      throw new TokenVerificationException("the token's user is deactivated");
    }
    return new Principal(
        user.username(),
        user.username(),
        user.email(),
        new HashSet<>(user.personas()),
        exp.toInstant());
  }

  private JWTClaimsSet verifySignature(String token) {
    Objects.requireNonNull(token, "token");
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new TokenVerificationException("the token is not a signed JWT");
    }
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new TokenVerificationException(
          "unexpected token algorithm "
              + jwt.getHeader().getAlgorithm()
              + "; this provider accepts HS256 only");
    }
    try {
      if (!jwt.verify(verifier)) {
        throw new TokenVerificationException("the token's signature is not valid");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!issuer.equals(claims.getIssuer())) {
        throw new TokenVerificationException(
            "the token was issued by '" + claims.getIssuer() + "', not '" + issuer + "'");
      }
      return claims;
    } catch (JOSEException | ParseException e) {
      throw new TokenVerificationException("the token cannot be verified: " + e.getMessage());
    }
  }

  @Override
  public AuthResult refresh(String refreshToken) {
    Objects.requireNonNull(refreshToken, "refreshToken");
    // Single use: removing it first means two concurrent refreshes cannot both succeed.
    RefreshGrant grant =
        shared != null ? takeShared(refreshToken) : refreshTokens.remove(refreshToken);
    Instant now = clock.instant();
    if (grant == null
        || !now.isBefore(grant.expiresAt())
        || revokedSessions.getIfPresent(grant.sessionId()) != null
        || (shared != null && shared.hasMember(REVOKED, grant.sessionId()))) {
      return new AuthResult.Failed(
          FailureCode.INVALID_REFRESH_TOKEN, "the refresh token is not valid; sign in again");
    }
    UserRecord user = users.user(grant.username()).orElse(null);
    if (user == null || !user.active()) {
      return new AuthResult.Failed(
          FailureCode.INVALID_REFRESH_TOKEN, "the refresh token is not valid; sign in again");
    }
    return issue(user, grant.sessionId(), now);
  }

  @Override
  public void signOut(String accessToken) {
    JWTClaimsSet claims = verifySignature(accessToken);
    Object sid = claims.getClaim("sid");
    if (sid instanceof String s) {
      revokedSessions.put(s, Boolean.TRUE);
      refreshTokens.values().removeIf(g -> g.sessionId().equals(s));
      if (shared != null) {
        // every instance refuses the session's tokens, for as long as any of them could be valid
        shared.addMember(
            REVOKED,
            s,
            refreshTokenTtl.compareTo(accessTokenTtl) > 0 ? refreshTokenTtl : accessTokenTtl);
      }
    }
  }

  /** Returns the users this provider signs in (for migration tools). */
  public List<UserRecord> users() {
    return users.users();
  }

  @Override
  public String toString() {
    return "FileAuthProvider{users="
        + users.users().size()
        + ", issuer="
        + issuer
        + ", accessTokenTtl="
        + accessTokenTtl
        + ", secret=***}";
  }

  /** Builds a {@link FileAuthProvider}; not thread-safe. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("FileAuthProvider.Builder");
    private @Nullable UsersFile users;
    private @Nullable Path usersPath;
    private int passwordCost;
    private Clock clock = Clock.systemUTC();
    private Duration accessTokenTtl = Duration.ofMinutes(15);
    private Duration refreshTokenTtl = Duration.ofHours(12);
    private String issuer = "runway-local";
    private byte @Nullable [] secret;
    private int maxFailures = 5;
    private Duration lockoutBase = Duration.ofSeconds(30);
    private Duration lockoutMax = Duration.ofMinutes(15);
    private @Nullable Coordination shared;

    private Builder() {}

    /**
     * Reads the users from a file now; rehashed passwords are written back to it. The file must not
     * be writable by group or others (as ssh refuses such key files): whoever can write it can add
     * a user.
     */
    public Builder usersFile(Path file) {
      once.check("usersFile", file);
      UsersFile.requirePrivate(file);
      users(UsersFile.load(file));
      this.usersPath = file;
      return this;
    }

    /**
     * Sets the bcrypt cost every password is checked at (4 to 31; default: the highest cost in the
     * users file). Unknown users are checked against a dummy hash of this cost and other costs are
     * rehashed to it on sign-in.
     */
    public Builder passwordCost(int cost) {
      once.check("passwordCost", cost);
      if (cost < 4 || cost > 31) {
        throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, got " + cost);
      }
      this.passwordCost = cost;
      return this;
    }

    /** Uses already loaded users. */
    public Builder users(UsersFile users) {
      once.check("users", "(a users file)");
      if (this.users != null) {
        throw new IllegalStateException("the users were already set");
      }
      this.users = Objects.requireNonNull(users, "users");
      return this;
    }

    /** Sets the clock (for tests). */
    public Builder clock(Clock clock) {
      once.check("clock", clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets how long access tokens live (default 15 minutes). */
    public Builder accessTokenTtl(Duration ttl) {
      once.check("accessTokenTtl", ttl);
      this.accessTokenTtl = Checks.positive(ttl, "accessTokenTtl");
      return this;
    }

    /** Sets how long refresh tokens live (default 12 hours). */
    public Builder refreshTokenTtl(Duration ttl) {
      once.check("refreshTokenTtl", ttl);
      this.refreshTokenTtl = Checks.positive(ttl, "refreshTokenTtl");
      return this;
    }

    /** Sets the token issuer (default {@code runway-local}). */
    public Builder issuer(String issuer) {
      once.check("issuer", issuer);
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /**
     * Sets the token signing secret (at least 32 bytes), so that tokens survive a restart and
     * verify on every instance sharing it. Without one a random key is used.
     */
    public Builder signingSecret(String secret) {
      once.checkSecret("signingSecret");
      Objects.requireNonNull(secret, "secret");
      byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
      if (bytes.length < 32) {
        throw new ConfigurationException(
            "auth.local.token-secret",
            "must be at least 32 bytes " + "(256 bits) for HS256; it has " + bytes.length,
            null);
      }
      this.secret = bytes;
      return this;
    }

    /**
     * Sets the lockout: after {@code maxFailures} failures lock for {@code base}, doubling up to
     * {@code max}.
     */
    public Builder lockout(int maxFailures, Duration base, Duration max) {
      once.check(
          "lockout",
          String.valueOf(maxFailures) + ", " + String.valueOf(base) + ", " + String.valueOf(max));
      if (maxFailures < 1) {
        throw new IllegalArgumentException("maxFailures must be >= 1, got " + maxFailures);
      }
      this.maxFailures = maxFailures;
      this.lockoutBase = Checks.positive(base, "lockout base");
      this.lockoutMax = Checks.positive(max, "lockout max");
      return this;
    }

    /**
     * Shares lockouts, sign-outs and refresh tokens with every instance on {@code coordination} (by
     * default they are this process's only): a user locked on one instance is locked on all, a
     * token signed out on one is refused by all, and a refresh token issued by one may be used,
     * once, on any. Give every instance the same {@code tokenSecret} too.
     */
    public Builder coordination(Coordination coordination) {
      once.check("coordination", coordination);
      this.shared = Objects.requireNonNull(coordination, "coordination");
      return this;
    }

    /** Returns the provider; computes the dummy hash (one bcrypt run). */
    public FileAuthProvider build() {
      UsersFile loaded = users;
      if (loaded == null) {
        throw new IllegalStateException("no users: call usersFile(path) or users(UsersFile)");
      }
      return new FileAuthProvider(this, loaded);
    }
  }
}
