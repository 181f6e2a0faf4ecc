package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.TestClock;
import dev.runway.core.auth.AuthResult;
import dev.runway.core.auth.FailureCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuthProviderHardeningTest {

  private static final String PASSWORD = "correct horse battery";

  @Test
  @DisplayName(
      "16 simultaneous guesses for one user: at most 5 reach bcrypt, the rest are refused (locked or throttled)")
  void concurrentGuesses_areBoundedByTheLockout() throws Exception {
    // cost 8 keeps each bcrypt check long enough (~15 ms) for the 16 calls to overlap
    FileAuthProvider auth =
        FileAuthProvider.builder()
            .users(UsersFile.empty().withUser("maria", PASSWORD.toCharArray(), List.of(), null, 8))
            .build();
    int n = 16;
    int invalid = 0;
    int refused = 0;
    for (AuthResult r : signInAtOnce(auth, n, i -> "wrong guess " + i)) {
      FailureCode code = ((AuthResult.Failed) r).code();
      if (code == FailureCode.INVALID_CREDENTIALS) {
        invalid++;
      } else if (code == FailureCode.ACCOUNT_LOCKED || code == FailureCode.THROTTLED) {
        refused++;
      }
    }
    assertThat(invalid).as("guesses evaluated by bcrypt").isLessThanOrEqualTo(5);
    assertThat(invalid + refused).isEqualTo(n);
    // and the right password is now locked out too, as after 5 sequential failures
    assertThat(((AuthResult.Failed) auth.authenticate("maria", PASSWORD)).code())
        .isEqualTo(FailureCode.ACCOUNT_LOCKED);
  }

  @Test
  @DisplayName("an empty password is refused without running bcrypt")
  void emptyPassword_isRefusedWithoutBcrypt() {
    // cost 16 would take seconds per check; the empty password must answer at once
    UserRecord slow =
        new UserRecord(
            "slow",
            PasswordHasher.hash("x".toCharArray(), 4).replace("$04$", "$16$"),
            List.of(),
            true,
            null);
    FileAuthProvider auth =
        FileAuthProvider.builder().users(UsersFile.empty().withUser(slow)).passwordCost(4).build();
    long start = System.nanoTime();
    AuthResult r = auth.authenticate("slow", "");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(((AuthResult.Failed) r).code()).isEqualTo(FailureCode.INVALID_CREDENTIALS);
    assertThat(millis).as("no bcrypt at cost 16 ran").isLessThan(1_000);
  }

  @Test
  @DisplayName(
      "mixed bcrypt costs converge: a sign-in rehashes to the configured cost and rewrites the file")
  void mixedCosts_rehashOnSignIn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users.json");
    UsersFile.empty()
        .withUser("high", PASSWORD.toCharArray(), List.of(), null, 6)
        .withUser("low", PASSWORD.toCharArray(), List.of(), null, 4)
        .save(file);
    FileAuthProvider auth = FileAuthProvider.builder().usersFile(file).build();
    // the configured cost defaults to the highest in the file: the dummy hash for unknown users
    // and every user end up at cost 6
    assertThat(auth.authenticate("low", PASSWORD)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(PasswordHasher.costOf(UsersFile.load(file).user("low").orElseThrow().passwordHash()))
        .isEqualTo(6);
    assertThat(auth.authenticate("low", PASSWORD)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(Files.readString(file)).doesNotContain(PASSWORD);
  }

  @Test
  @DisplayName(
      "a users file writable by others is refused, as ssh does (group-writable: a warning)")
  void usersFile_writableByOthers_isRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users.json");
    UsersFile.empty().withUser("u", PASSWORD.toCharArray(), List.of(), null, 4).save(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThatThrownBy(() -> FileAuthProvider.builder().usersFile(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("writable by others")
        .hasMessageContaining("chmod 600");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
    assertThat(FileAuthProvider.builder().usersFile(file).build().authenticate("u", PASSWORD))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  @DisplayName("the lockout doubles from 30 s but never exceeds 15 minutes, however many failures")
  void lockout_isCappedAt15Minutes() {
    TestClock clock = new TestClock();
    FileAuthProvider auth =
        FileAuthProvider.builder()
            .clock(clock)
            .users(UsersFile.empty().withUser("maria", PASSWORD.toCharArray(), List.of(), null, 4))
            .build();
    for (int i = 0; i < 5; i++) {
      auth.authenticate("maria", "wrong");
    }
    // fail again each time the lock runs out: 30 s, 60 s, 120 s ... the 7th doubling would be 64
    // min
    for (int round = 0; round < 12; round++) {
      clock.advance(
          Duration.ofMinutes(15).plusSeconds(1)); // the cap: never locked longer than this
      assertThat(((AuthResult.Failed) auth.authenticate("maria", "wrong again")).code())
          .as("round %d: the lock had run out", round)
          .isEqualTo(FailureCode.INVALID_CREDENTIALS);
    }
    assertThat(((AuthResult.Failed) auth.authenticate("maria", PASSWORD)).code())
        .isEqualTo(FailureCode.ACCOUNT_LOCKED);
    clock.advance(Duration.ofMinutes(14));
    assertThat(((AuthResult.Failed) auth.authenticate("maria", PASSWORD)).code())
        .isEqualTo(FailureCode.ACCOUNT_LOCKED);
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(auth.authenticate("maria", PASSWORD)).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void concurrentRightPasswords_areThrottledNotLocked_andSignInWorksAfterwards() throws Exception {
    FileAuthProvider auth =
        FileAuthProvider.builder()
            .users(UsersFile.empty().withUser("maria", PASSWORD.toCharArray(), List.of(), null, 8))
            .build();
    int n = 16;
    int ok = 0;
    for (AuthResult r : signInAtOnce(auth, n, i -> PASSWORD)) {
      if (r instanceof AuthResult.Authenticated) {
        ok++;
      } else {
        assertThat(((AuthResult.Failed) r).code())
            .as("a burst of right passwords is not a lockout")
            .isEqualTo(FailureCode.THROTTLED);
      }
    }
    assertThat(ok).isBetween(1, n);
    assertThat(auth.authenticate("maria", PASSWORD)).isInstanceOf(AuthResult.Authenticated.class);
  }

  /**
   * Signs in as maria {@code n} times at once (behind a barrier) with the passwords given per call.
   */
  private static List<AuthResult> signInAtOnce(
      FileAuthProvider auth, int n, IntFunction<String> password) throws Exception {
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<AuthResult>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String p = password.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return auth.authenticate("maria", p);
                }));
      }
      List<AuthResult> results = new ArrayList<>();
      for (Future<AuthResult> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @org.junit.jupiter.api.DisplayName(
      "a wrong password for a user not yet rehashed costs as much bcrypt work as an unknown user")
  void mixedCosts_wrongPasswordOfACheapHash_doesAsMuchWorkAsAnUnknownUser() {
    FileAuthProvider auth =
        FileAuthProvider.builder()
            .users(
                UsersFile.empty()
                    .withUser("legacy", PASSWORD.toCharArray(), List.of(), null, 4)
                    .withUser("current", PASSWORD.toCharArray(), List.of(), null, 6))
            .passwordCost(6)
            .lockout(100, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2))
            .build();
    long unknown = rounds(auth, "nobody");
    long legacy = rounds(auth, "legacy");
    long current = rounds(auth, "current");
    assertThat(unknown).isEqualTo(1L << 6);
    assertThat(current).isEqualTo(1L << 6);
    // the cheap hash's own check, then the configured cost's: never less than an unknown user
    assertThat(legacy).isEqualTo((1L << 4) + (1L << 6)).isGreaterThanOrEqualTo(unknown);
  }

  private static long rounds(FileAuthProvider auth, String user) {
    long before = auth.bcryptRounds();
    assertThat(auth.authenticate(user, "wrong password")).isInstanceOf(AuthResult.Failed.class);
    return auth.bcryptRounds() - before;
  }
}
