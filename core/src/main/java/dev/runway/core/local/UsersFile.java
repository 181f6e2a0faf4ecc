package dev.runway.core.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runway.core.error.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The local users file: {@code {"users":[{"username", "password_hash", "personas", "active",
 * "email"}]}}. Load it, add or change users with bcrypt-hashed passwords, and save it, so that
 * nobody edits hashes by hand. Immutable: every change returns a new instance.
 */
public final class UsersFile {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  @JsonInclude(JsonInclude.Include.NON_NULL)
  private record Json(@JsonProperty("users") List<JsonUser> users) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  private record JsonUser(
      @JsonProperty("username") String username,
      @JsonProperty("password_hash") String passwordHash,
      @JsonProperty("personas") List<String> personas,
      @JsonProperty("active") Boolean active,
      @JsonProperty("email") String email) {}

  private final Map<String, UserRecord> users;

  private UsersFile(Map<String, UserRecord> users) {
    this.users = users;
  }

  /** Returns a file with no users. */
  public static UsersFile empty() {
    return new UsersFile(Map.of());
  }

  /**
   * Reads a users file.
   *
   * @throws ConfigurationException if it cannot be read or a user is malformed; the message names
   *     the user and the field, never a hash
   */
  public static UsersFile load(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new ConfigurationException(
          "users file "
              + file
              + " does not exist; create it with "
              + "UsersFile.empty().withUser(...).save(path) or the examples' 'users add' command");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new ConfigurationException(
          null, "cannot read users file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a users file from a stream; {@code source} names it in errors. */
  public static UsersFile parse(InputStream in, String source) {
    Json json;
    try {
      json = JSON.readValue(in, Json.class);
    } catch (JsonProcessingException e) {
      throw new ConfigurationException(
          null,
          "users file "
              + source
              + " is not valid: "
              + e.getOriginalMessage()
              + "; expected {\"users\":[{\"username\", \"password_hash\", "
              + "\"personas\", \"active\", \"email\"}]}",
          null);
    } catch (IOException e) {
      throw new ConfigurationException(
          null, "cannot read users file " + source + ": " + e.getMessage(), e);
    }
    if (json == null || json.users() == null) {
      throw new ConfigurationException("users file " + source + " has no \"users\" array");
    }
    Map<String, UserRecord> users = new LinkedHashMap<>();
    for (int i = 0; i < json.users().size(); i++) {
      JsonUser u = json.users().get(i);
      String where = "users file " + source + ", user #" + (i + 1);
      if (u.username() == null || u.username().isBlank()) {
        throw new ConfigurationException(where + " has no username");
      }
      where += " ('" + u.username() + "')";
      if (!PasswordHasher.isBcryptHash(u.passwordHash())) {
        throw new ConfigurationException(
            where
                + " has no valid bcrypt password_hash ($2a$, $2b$ "
                + "or $2y$, 60 characters); set the password with UsersFile.withUser or 'users add'");
      }
      if (users.containsKey(u.username())) {
        throw new ConfigurationException(where + " appears twice; user names must be unique");
      }
      users.put(
          u.username(),
          new UserRecord(
              u.username(),
              u.passwordHash(),
              u.personas() == null ? List.of() : u.personas(),
              u.active() == null || u.active(),
              u.email()));
    }
    return new UsersFile(Collections.unmodifiableMap(users));
  }

  /** Returns the users in file order. */
  public List<UserRecord> users() {
    return List.copyOf(users.values());
  }

  /** Returns one user. */
  public Optional<UserRecord> user(String username) {
    return Optional.ofNullable(users.get(username));
  }

  /**
   * Returns a copy with a user added or replaced, hashing {@code password} with bcrypt.
   *
   * @throws IllegalArgumentException if the password is empty or over 72 UTF-8 bytes
   */
  public UsersFile withUser(
      String username, char[] password, List<String> personas, String email, int cost) {
    String hash = PasswordHasher.hash(password, cost);
    return withUser(new UserRecord(username, hash, personas, true, email));
  }

  /** Returns a copy with a user record added or replaced. */
  public UsersFile withUser(UserRecord user) {
    Map<String, UserRecord> copy = new LinkedHashMap<>(users);
    copy.put(user.username(), user);
    return new UsersFile(copy);
  }

  /** Returns a copy with a user's active flag changed. */
  public UsersFile withActive(String username, boolean active) {
    UserRecord u =
        user(username)
            .orElseThrow(() -> new IllegalArgumentException("no user named '" + username + "'"));
    return withUser(
        new UserRecord(u.username(), u.passwordHash(), u.personas(), active, u.email()));
  }

  /**
   * Refuses a users file that anyone may write, as ssh refuses such key files: whoever can write it
   * can add a user with any persona. A file its group may write is accepted with a warning (a umask
   * of 002 makes such files by default). Does nothing where the file system has no POSIX
   * permissions.
   *
   * @throws IllegalArgumentException naming the file and the fix
   */
  public static void requirePrivate(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new IllegalArgumentException(
            "the users file "
                + file
                + " is writable by others ("
                + PosixFilePermissions.toString(perms)
                + "); anyone who can write it can add a user: run chmod 600 "
                + file);
      }
      if (perms.contains(PosixFilePermission.GROUP_WRITE)) {
        LoggerFactory.getLogger(UsersFile.class)
            .warn(
                "the users file {} is writable by its group ({}); "
                    + "whoever can write it can add a user: chmod 600 it",
                file,
                PosixFilePermissions.toString(perms));
      }
    } catch (UnsupportedOperationException e) {
      // no POSIX permissions here (Windows): nothing to check
    } catch (IOException e) {
      // missing or unreadable: load() says so
    }
  }

  /** Writes the file atomically (a temporary file renamed over the target). */
  public void save(Path file) {
    List<JsonUser> out = new ArrayList<>();
    for (UserRecord u : users.values()) {
      out.add(new JsonUser(u.username(), u.passwordHash(), u.personas(), u.active(), u.email()));
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".users", ".tmp");
      JSON.writeValue(tmp.toFile(), new Json(out));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write users file " + file, e);
    }
  }

  @Override
  public String toString() {
    return "UsersFile{users=" + users.keySet() + "}";
  }
}
