package dev.runway.auth.cognito;

import dev.runway.core.auth.AuthProvider;
import dev.runway.testkit.AuthProviderContract;
import java.util.EnumSet;
import java.util.Set;

/**
 * The auth contract on {@link CognitoAuthProvider} against cognito-local through the real SDK. Not
 * declared: SIGN_OUT (cognito-local has no GlobalSignOut; {@code CognitoAuthProviderTest} covers it
 * on a mocked client) and INACTIVE_USER (cognito-local lets disabled users sign in).
 */
class CognitoContractTest extends AuthProviderContract {

  private TestPool pool;

  @Override
  protected AuthProvider createProvider() {
    pool = new TestPool();
    pool.user("maria", "Runway-Pass-1!", "Warehouse Manager");
    return pool.provider().build();
  }

  @org.junit.jupiter.api.AfterAll
  void closePool() {
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  protected TestUser user() {
    return new TestUser("maria", "Runway-Pass-1!", "Warehouse Manager");
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.REFRESH);
  }
}
