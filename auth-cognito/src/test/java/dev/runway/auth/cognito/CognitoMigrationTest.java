package dev.runway.auth.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.auth.AuthResult;
import dev.runway.core.local.FileAuthProvider;
import dev.runway.core.local.UsersFile;
import dev.runway.migrate.FallbackAuthProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;

/** Moving users off the local users file into cognito-local: in bulk, and lazily on sign-in. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CognitoMigrationTest {

  private TestPool pool;

  @BeforeAll
  void start() {
    pool = new TestPool();
  }

  @AfterAll
  void stop() {
    if (pool != null) { // null when cognito-local was missing and the class was skipped
      pool.close();
    }
  }

  private static UsersFile users(int active, int inactive, String prefix) {
    UsersFile f = UsersFile.empty();
    for (int i = 0; i < active + inactive; i++) {
      String persona = i % 2 == 0 ? "Warehouse Manager" : "Field Engineer";
      f =
          f.withUser(
              prefix + i,
              ("Old-Pass-" + i).toCharArray(),
              List.of(persona, "Procurement Specialist"),
              prefix + i + "@example.com",
              4);
      if (i >= active) {
        f = f.withActive(prefix + i, false);
      }
    }
    return f;
  }

  @Test
  @DisplayName(
      "50 users migrate with their personas; a dry run changes nothing; a second run creates nothing")
  void bulk_idempotent() {
    UsersFile file = users(50, 2, "bulk");
    CognitoUserMigrator migrator = CognitoUserMigrator.into(pool.admin, pool.poolId);
    CognitoUserMigrator.Report dry = migrator.migrate(file, true, o -> {});
    assertThat(dry.counts())
        .containsEntry(CognitoUserMigrator.Status.WOULD_CREATE, 50)
        .containsEntry(CognitoUserMigrator.Status.SKIPPED_INACTIVE, 2);
    assertThat(pool.admin.listUsers(b -> b.userPoolId(pool.poolId)).users()).isEmpty();
    List<CognitoUserMigrator.Outcome> heard = new ArrayList<>();
    CognitoUserMigrator.Report first = migrator.migrate(file, false, heard::add);
    assertThat(first.counts()).containsEntry(CognitoUserMigrator.Status.CREATED, 50);
    assertThat(first.succeeded()).isTrue();
    assertThat(heard).hasSize(52);
    List<AttributeType> attrs =
        pool.admin.adminGetUser(b -> b.userPoolId(pool.poolId).username("bulk7")).userAttributes();
    assertThat(attrs)
        .anySatisfy(
            a -> {
              assertThat(a.name()).isEqualTo("custom:personas");
              assertThat(a.value()).isEqualTo("Field Engineer,Procurement Specialist");
            });
    CognitoUserMigrator.Report second = migrator.migrate(file, false, o -> {});
    assertThat(second.counts())
        .containsEntry(CognitoUserMigrator.Status.EXISTS, 50)
        .doesNotContainKey(CognitoUserMigrator.Status.CREATED);
    assertThat(second.toMarkdown())
        .contains("bcrypt hashes cannot be imported")
        .contains("| bulk0 | EXISTS |");
    assertThat(second.toJson()).contains("\"EXISTS\" : 50");
  }

  @Test
  @DisplayName(
      "a local user signs in through the fallback, is created in Cognito, and next time Cognito answers")
  void fallback_migratesOnSignIn() throws Exception {
    UsersFile file = users(3, 0, "lazy");
    AtomicInteger migrations = new AtomicInteger();
    CognitoAuthProvider cognito = pool.provider().build();
    FileAuthProvider local = FileAuthProvider.builder().users(file).build();
    // groups per persona, so that access tokens (which carry no custom attributes) carry the
    // personas
    CognitoUserMigrator migrator =
        CognitoUserMigrator.into(pool.admin, pool.poolId).withPersonaGroups();
    FallbackAuthProvider.Migration counted =
        (p, pw) -> {
          migrations.incrementAndGet();
          migrator.lazyMigration().migrate(p, pw);
        };
    try (FallbackAuthProvider auth =
        FallbackAuthProvider.builder(cognito, local).migrateOnSignIn(counted).build()) {
      AuthResult first = auth.authenticate("lazy1", "Old-Pass-1");
      assertThat(first).isInstanceOf(AuthResult.Authenticated.class);
      String localToken = ((AuthResult.Authenticated) first).tokens().accessToken();
      assertThat(local.verify(localToken).username()).isEqualTo("lazy1");
      assertThat(auth.migrated("lazy1")).isTrue();

      AuthResult second = auth.authenticate("lazy1", "Old-Pass-1");
      String cognitoToken = ((AuthResult.Authenticated) second).tokens().accessToken();
      assertThat(cognito.verify(cognitoToken).username()).isEqualTo("lazy1");
      assertThat(auth.verify(cognitoToken).hasPersona("Field Engineer")).isTrue();
      assertThat(auth.verify(localToken).username()).isEqualTo("lazy1");

      // the old password no longer opens the local account once the user has moved
      AuthResult wrong = auth.authenticate("lazy1", "Old-Pass-1-wrong");
      AuthResult unknown = auth.authenticate("nobody", "Old-Pass-1-wrong");
      assertThat(wrong).isEqualTo(unknown);

      // eight concurrent first sign-ins of one user create it once
      ExecutorService pool8 = Executors.newFixedThreadPool(8);
      CyclicBarrier together =
          new CyclicBarrier(8); // all eight sign in at once, not one after another
      List<Future<AuthResult>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        fs.add(
            pool8.submit(
                (Callable<AuthResult>)
                    () -> {
                      together.await();
                      return auth.authenticate("lazy2", "Old-Pass-2");
                    }));
      }
      for (Future<AuthResult> f : fs) {
        assertThat(f.get()).isInstanceOf(AuthResult.Authenticated.class);
      }
      pool8.shutdown();
      assertThat(migrations.get()).isEqualTo(2);
      assertThat(cognito.authenticate("lazy2", "Old-Pass-2"))
          .isInstanceOf(AuthResult.Authenticated.class);
    }
  }
}
