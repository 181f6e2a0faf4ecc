package dev.runway.migrate;

import static dev.runway.core.BuilderChecks.twice;

import dev.runway.core.local.JdbcDatabaseClient;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every builder setting of the migration components may be given once: a second call fails at once,
 * naming the setting.
 */
class MigrateBuildersOnceTest {

  @Test
  void migrationComponents() {
    JdbcDatabaseClient a = JdbcDatabaseClient.embedded();
    JdbcDatabaseClient b = JdbcDatabaseClient.embedded();
    try {
      Supplier<ShadowDatabaseClient.Builder> s = () -> ShadowDatabaseClient.builder(a, b);
      twice(s, "sampleRate", x -> x.sampleRate(0.5));
      twice(s, "candidateTimeout", x -> x.candidateTimeout(Duration.ofSeconds(5)));
      twice(s, "recheckDelay", x -> x.recheckDelay(Duration.ZERO));
      twice(s, "hourlyBudgetUsd", x -> x.hourlyBudgetUsd(BigDecimal.ONE));
      twice(s, "optOut", x -> x.optOut(q -> false));
      twice(s, "dialectCheck", x -> x.dialectCheck(sql -> List.of()));
      twice(s, "clock", x -> x.clock(Clock.systemUTC()));
      twice(s, "executor", x -> x.executor(1, 1));
    } finally {
      a.close();
      b.close();
    }
    twice(
        () -> FallbackAuthProvider.builder(new NoAuth(), new NoAuth()),
        "migrateOnSignIn",
        x -> x.migrateOnSignIn((p, pw) -> {}));
  }

  /** An auth provider that answers nothing; only the builder is exercised. */
  static final class NoAuth implements dev.runway.core.auth.AuthProvider {
    @Override
    public String name() {
      return "none";
    }

    @Override
    public dev.runway.core.auth.AuthResult authenticate(String username, String password) {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.runway.core.auth.AuthResult respondToChallenge(
        dev.runway.core.auth.ChallengeResponse response) {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.runway.core.auth.Principal verify(String accessToken) {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.runway.core.auth.AuthResult refresh(String refreshToken) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void signOut(String accessToken) {
      throw new UnsupportedOperationException();
    }
  }
}
