package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.error.ConfigurationException;
import dev.runway.core.internal.SetOnce;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the users file and a builder's record of settings show of themselves: names, never a
 * password hash or a secret value; and the users file's own checks, each naming the user by
 * position.
 */
class SecretsInTextTest {

  @Test
  void userRecords_andTheUsersFile_neverShowAHash() {
    UsersFile f =
        UsersFile.empty()
            .withUser(
                "maria", "correct horse".toCharArray(), List.of("analyst"), "maria@example.com", 4);
    UserRecord maria = f.user("maria").orElseThrow();
    assertThat(maria.toString())
        .isEqualTo(
            "UserRecord{username=maria, passwordHash=***, personas=[analyst],"
                + " active=true, email=maria@example.com}");
    assertThat(maria.toString()).doesNotContain(maria.passwordHash());
    assertThat(f.toString()).isEqualTo("UsersFile{users=[maria]}");
  }

  @Test
  void setOnce_remembersWhatWasGiven_andNeverQuotesASecret() {
    SetOnce once = new SetOnce("Test.Builder");
    assertThat(once.isSet("password")).isFalse();
    once.checkSecret("password");
    assertThat(once.isSet("password")).isTrue();
    assertThat(once.isSet("user")).isFalse();
    once.check("user", "app");
    assertThatThrownBy(() -> once.check("user", "other"))
        .hasMessageContaining("Test.Builder")
        .hasMessageContaining("user was already set to app");
    assertThatThrownBy(() -> once.checkSecret("password"))
        .hasMessageContaining("password")
        .hasMessageNotContaining("hunter");
  }

  @Test
  void usersFile_badEntriesNameTheirPosition(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users.json");
    String hash = PasswordHasher.hash("pw".toCharArray(), 4);
    Files.writeString(
        file,
        "{\"users\": [{\"username\": \"a\", \"password_hash\": \""
            + hash
            + "\"}, {\"password_hash\": \""
            + hash
            + "\"}]}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> UsersFile.load(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("user #2 has no username");
    Files.writeString(
        file, "{\"users\": [{\"username\": \"a\", \"password_hash\": \"" + hash + "\"}]}");
    assertThat(UsersFile.load(file).user("a")).isPresent();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThatThrownBy(() -> FileAuthProvider.builder().usersFile(file))
        .hasMessageContaining("writable by others")
        .hasMessageContaining("chmod 600");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
    FileAuthProvider.builder().usersFile(file); // the group may write it: a warning, not a refusal
  }
}
