package dev.runway.testkit;

import dev.runway.core.auth.AuthProvider;
import dev.runway.core.local.FileAuthProvider;
import dev.runway.core.local.UsersFile;
import java.util.List;

/** The auth contract against the local users-file provider. */
class FileAuthProviderContractTest extends AuthProviderContract {

  private static final TestUser USER =
      new TestUser("maria", "correct horse battery staple", "Warehouse Manager");
  private static final TestUser INACTIVE =
      new TestUser("olaf", "left-the-company-2025", "Field Engineer");

  @Override
  protected AuthProvider createProvider() {
    UsersFile users =
        UsersFile.empty()
            .withUser(
                USER.username(),
                USER.password().toCharArray(),
                List.of(USER.persona()),
                "maria@example.com",
                4)
            .withUser(
                INACTIVE.username(),
                INACTIVE.password().toCharArray(),
                List.of(INACTIVE.persona()),
                null,
                4)
            .withActive(INACTIVE.username(), false);
    return FileAuthProvider.builder().users(users).build();
  }

  @Override
  protected TestUser user() {
    return USER;
  }

  @Override
  protected TestUser inactiveUser() {
    return INACTIVE;
  }
}
