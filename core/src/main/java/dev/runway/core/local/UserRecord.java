package dev.runway.core.local;

import java.util.List;
import java.util.Objects;

/**
 * One user of a local users file. {@link #toString()} does not show the password hash.
 *
 * @param username the sign-in name
 * @param passwordHash the bcrypt hash
 * @param personas the personas, such as {@code Warehouse Manager}
 * @param active whether the user may sign in
 * @param email the e-mail address, or {@code null}
 */
public record UserRecord(
    String username, String passwordHash, List<String> personas, boolean active, String email) {

  /** Validates and copies. */
  public UserRecord {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(passwordHash, "passwordHash");
    if (username.isBlank()) {
      throw new IllegalArgumentException("username must not be blank");
    }
    personas = List.copyOf(personas);
  }

  @Override
  public String toString() {
    return "UserRecord{username="
        + username
        + ", passwordHash=***, personas="
        + personas
        + ", active="
        + active
        + ", email="
        + email
        + "}";
  }
}
