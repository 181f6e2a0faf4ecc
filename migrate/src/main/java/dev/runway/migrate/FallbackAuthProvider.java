package dev.runway.migrate;

import dev.runway.core.auth.AuthProvider;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.ChallengeResponse;
import dev.runway.core.auth.ChallengeType;
import dev.runway.core.auth.FailureCode;
import dev.runway.core.auth.Principal;
import dev.runway.core.auth.TokenVerificationException;
import dev.runway.core.health.Health;
import dev.runway.core.internal.SetOnce;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dual authentication while users move from one provider to another (the local users file to
 * Cognito, say): the primary (new) provider is tried first, the secondary (old) one only when the
 * primary does not know the credentials. A user who signs in through the secondary can be created
 * in the primary with the same password ({@link Builder#migrateOnSignIn}), so their next sign-in is
 * the primary's; concurrent first sign-ins of one user create them once.
 *
 * <p>Failures look the same whichever provider failed: the result is the primary's enumeration-safe
 * failure, and the secondary is asked even for users already migrated (its answer then ignored), so
 * the time a failure takes does not tell whether the user was migrated. Tokens of either provider
 * verify, refresh and sign out. Engine-agnostic; thread-safe.
 */
public final class FallbackAuthProvider implements AuthProvider {

  private static final Logger LOG = LoggerFactory.getLogger(FallbackAuthProvider.class);

  /** Creates a user who signed in through the secondary in the primary. */
  @FunctionalInterface
  public interface Migration {
    /**
     * Creates {@code principal}'s user in the primary with {@code password}. Must be idempotent (a
     * user that already exists is updated or left alone).
     */
    void migrate(Principal principal, String password);
  }

  private final Set<String> failedBefore = ConcurrentHashMap.newKeySet();
  private final AuthProvider primary;
  private final AuthProvider secondary;
  private final @Nullable Migration migration;
  private final Consumer<String> afterMigration;
  private final Set<String> migrated = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, CompletableFuture<Void>> migrating =
      new ConcurrentHashMap<>();

  private FallbackAuthProvider(Builder b) {
    this.primary = b.primary;
    this.secondary = b.secondary;
    this.migration = b.migration;
    this.afterMigration = b.afterMigration;
  }

  /**
   * Returns a builder trying {@code primary} first and {@code secondary} for users not yet
   * migrated.
   */
  public static Builder builder(AuthProvider primary, AuthProvider secondary) {
    return new Builder(primary, secondary);
  }

  @Override
  public String name() {
    return primary.name() + "+" + secondary.name();
  }

  /** Returns whether {@code username} was migrated by this instance. */
  public boolean migrated(String username) {
    return migrated.contains(username);
  }

  @Override
  public AuthResult authenticate(String username, String password) {
    awaitMigration(username);
    AuthResult first = primary.authenticate(username, password);
    if (first instanceof AuthResult.ChallengeRequired c
        && c.type() == ChallengeType.NEW_PASSWORD_REQUIRED
        && (migrating.containsKey(username) || migrated.contains(username))) {
      // the primary saw the user between its creation and its password being set: ask again after
      awaitMigration(username);
      first = primary.authenticate(username, password);
    }
    if (!(first instanceof AuthResult.Failed f) || f.code() != FailureCode.INVALID_CREDENTIALS) {
      return first;
    }
    AuthResult second = secondary.authenticate(username, password);
    if (migrated.contains(username)) {
      return first; // moved: the old password no longer counts, but the same work was done
    }
    if (second instanceof AuthResult.Authenticated a) {
      Migration m = migration;
      if (m != null) {
        migrateOnce(m, a.principal(), password);
      }
      return a;
    }
    if (second instanceof AuthResult.Failed s && s.code() != FailureCode.INVALID_CREDENTIALS) {
      return second; // locked or deactivated in the old provider: say so, as it would have
    }
    return first;
  }

  private void awaitMigration(String username) {
    CompletableFuture<Void> running = migrating.get(username);
    if (running != null) {
      try {
        running.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // logged by the sign-in that ran it
      }
    }
  }

  private void migrateOnce(Migration migration, Principal principal, String password) {
    String username = principal.username();
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> running = migrating.putIfAbsent(username, mine);
    if (running != null) {
      try {
        running.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // the other sign-in logged it; this one is signed in through the secondary anyway
      }
      return;
    }
    try {
      migration.migrate(principal, password);
      migrated.add(username);
      afterMigration.accept(username);
      mine.complete(null);
    } catch (RuntimeException e) {
      if (failedBefore.add(username)) {
        LOG.warn(
            "could not migrate user {} to {}: {}; they stay on {} for now",
            username,
            primary.name(),
            e.toString(),
            secondary.name());
      } else {
        LOG.debug(
            "could not migrate user {} to {} again: {}", username, primary.name(), e.toString());
      }
      mine.completeExceptionally(e);
    } finally {
      migrating.remove(username, mine);
    }
  }

  @Override
  public AuthResult respondToChallenge(ChallengeResponse response) {
    return primary.respondToChallenge(response);
  }

  @Override
  public Principal verify(String accessToken) {
    try {
      return primary.verify(accessToken);
    } catch (TokenVerificationException e) {
      try {
        return secondary.verify(accessToken);
      } catch (TokenVerificationException ignored) {
        throw e;
      }
    }
  }

  @Override
  public AuthResult refresh(String refreshToken) {
    AuthResult r = primary.refresh(refreshToken);
    if (r instanceof AuthResult.Failed f && f.code() == FailureCode.INVALID_REFRESH_TOKEN) {
      AuthResult s = secondary.refresh(refreshToken);
      return s instanceof AuthResult.Authenticated ? s : r;
    }
    return r;
  }

  @Override
  public void signOut(String accessToken) {
    try {
      primary.verify(accessToken);
    } catch (TokenVerificationException e) {
      secondary.signOut(accessToken);
      return;
    }
    primary.signOut(accessToken);
  }

  @Override
  public Health health() {
    Health p = primary.health();
    return p.status() == Health.Status.UP ? secondary.health() : p;
  }

  @Override
  public void close() {
    try {
      primary.close();
    } finally {
      secondary.close();
    }
  }

  @Override
  public String toString() {
    return "FallbackAuthProvider{primary="
        + primary
        + ", secondary="
        + secondary
        + ", migrated="
        + migrated.size()
        + "}";
  }

  /** Builds a {@link FallbackAuthProvider}; not thread-safe. */
  public static final class Builder {
    private final SetOnce once = new SetOnce("FallbackAuthProvider.Builder");
    private final AuthProvider primary;
    private final AuthProvider secondary;
    private @Nullable Migration migration;
    private Consumer<String> afterMigration = u -> {};

    private Builder(AuthProvider primary, AuthProvider secondary) {
      this.primary = Objects.requireNonNull(primary, "primary");
      this.secondary = Objects.requireNonNull(secondary, "secondary");
    }

    /** Creates users who sign in through the secondary in the primary, with their password. */
    public Builder migrateOnSignIn(Migration migration) {
      once.check("migrateOnSignIn", migration);
      this.migration = Objects.requireNonNull(migration, "migration");
      return this;
    }

    /** Runs after a user was migrated, e.g. to deactivate them in the users file. */
    public Builder afterMigration(Consumer<String> action) {
      once.check("afterMigration", action);
      this.afterMigration = Objects.requireNonNull(action, "action");
      return this;
    }

    /** Returns the provider. */
    public FallbackAuthProvider build() {
      return new FallbackAuthProvider(this);
    }
  }
}
