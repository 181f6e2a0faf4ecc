package dev.runway.examples.assistant;

import dev.runway.core.local.FileAuthProvider;
import dev.runway.core.local.UsersFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The bundled demo users: one per persona, all with the password {@link #PASSWORD} (demo only; a
 * real deployment has its own users file or Cognito).
 */
public final class DemoUsers {

  /** The password of the bundled demo users. */
  public static final String PASSWORD = "runway-demo";

  private DemoUsers() {}

  /** Returns a provider over the bundled demo users file. */
  public static FileAuthProvider provider() {
    try (InputStream in = DemoUsers.class.getResourceAsStream("/demo-users.json")) {
      if (in == null) {
        throw new IllegalStateException("demo-users.json is missing from the class path");
      }
      return FileAuthProvider.builder().users(UsersFile.parse(in, "demo-users.json")).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the demo user name of a persona: {@code warehouse.manager} for Warehouse Manager. */
  public static String userOf(String persona) {
    return persona.toLowerCase().replace(' ', '.');
  }
}
