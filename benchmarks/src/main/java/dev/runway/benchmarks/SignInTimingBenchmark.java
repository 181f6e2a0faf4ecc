package dev.runway.benchmarks;

import dev.runway.core.auth.AuthResult;
import dev.runway.core.local.FileAuthProvider;
import dev.runway.core.local.UsersFile;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Local-file sign-in at bcrypt cost 10 (the demo users' cost): a right password, a wrong password,
 * and an unknown user. The last two must take about the same time, or the time would tell an
 * attacker which user names exist. Lockout is set out of reach so every call runs bcrypt.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SignInTimingBenchmark {

  private FileAuthProvider provider;

  @Setup(Level.Trial)
  public void setUp() {
    UsersFile users =
        UsersFile.empty()
            .withUser(
                "maria", "Sup1y-Chain!".toCharArray(), List.of("Warehouse Manager"), null, 10);
    provider =
        FileAuthProvider.builder()
            .users(users)
            .lockout(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofSeconds(1))
            .build();
  }

  @Benchmark
  public AuthResult rightPassword() {
    return provider.authenticate("maria", "Sup1y-Chain!");
  }

  @Benchmark
  public AuthResult wrongPassword() {
    return provider.authenticate("maria", "not-the-password");
  }

  @Benchmark
  public AuthResult unknownUser() {
    return provider.authenticate("nobody", "not-the-password");
  }
}
