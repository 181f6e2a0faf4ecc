package dev.runway.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.core.error.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

  @Test
  void saveAndLoad_roundTripsInSeedShape(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users.json");
    UsersFile.empty()
        .withUser(
            "maria",
            "pw-123456".toCharArray(),
            List.of("Warehouse Manager", "Procurement Specialist"),
            "m@x.io",
            4)
        .save(file);
    String json = Files.readString(file);
    assertThat(json)
        .contains(
            "\"users\"",
            "\"username\" : \"maria\"",
            "\"password_hash\" : \"$2b$04$",
            "\"personas\"",
            "\"active\" : true",
            "\"email\"");
    UsersFile loaded = UsersFile.load(file);
    UserRecord u = loaded.user("maria").orElseThrow();
    assertThat(u.personas()).containsExactly("Warehouse Manager", "Procurement Specialist");
    assertThat(PasswordHasher.verify("pw-123456".toCharArray(), u.passwordHash())).isTrue();
  }

  @Test
  void load_badHash_namesUserNotHash(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users.json");
    Files.writeString(
        file, "{\"users\":[{\"username\":\"bob\",\"password_hash\":\"plaintext-secret\"}]}");
    assertThatThrownBy(() -> UsersFile.load(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'bob'")
        .hasMessageContaining("bcrypt")
        .hasMessageNotContaining("plaintext-secret");
  }

  @Test
  void load_unknownFieldOrDuplicate_isRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users.json");
    Files.writeString(file, "{\"users\":[{\"username\":\"bob\",\"pasword_hash\":\"x\"}]}");
    assertThatThrownBy(() -> UsersFile.load(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("pasword_hash");
    String hash = PasswordHasher.hash("abc12345".toCharArray(), 4);
    Files.writeString(
        file,
        "{\"users\":[{\"username\":\"bob\",\"password_hash\":\""
            + hash
            + "\"},"
            + "{\"username\":\"bob\",\"password_hash\":\""
            + hash
            + "\"}]}");
    assertThatThrownBy(() -> UsersFile.load(file)).hasMessageContaining("twice");
  }

  @Test
  void load_missingFile_saysHowToCreateIt(@TempDir Path dir) {
    assertThatThrownBy(() -> UsersFile.load(dir.resolve("nope.json")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("users add");
  }
}
