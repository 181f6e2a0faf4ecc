package dev.runway.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.runway.core.auth.AuthResult;
import dev.runway.core.local.UsersFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "No password, token or secret appears in a log line": what the library itself logs (captured from
 * the test binding) and throws, through start-up failures, sign-ins and tokens.
 */
class LogSecretsTest {

  private static final String DB_PASSWORD = "Db-S3cret-9931";
  private static final String TOKEN_SECRET = "token-secret-0123456789-abcdefghijkl";
  private static final String USER_PASSWORD = "User-Passw0rd-77";

  @Test
  @DisplayName("no secret reaches a log line or an exception, whatever fails")
  void secrets_neverLoggedOrThrown(@TempDir Path dir) throws Exception {
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    StringBuilder thrown = new StringBuilder();
    System.setErr(both);
    System.setOut(both);
    try {
      UsersFile.empty()
          .withUser("maria", USER_PASSWORD.toCharArray(), List.of("Warehouse Manager"), null, 4)
          .save(dir.resolve("users.json"));
      // a database that cannot be reached, its password in the URL and in the key
      Throwable t =
          catchThrowable(
              () ->
                  Runway.fromConfig(
                      RunwayConfig.parse(
                          "database: { type: jdbc, jdbc: { url: \"jdbc:postgresql://127.0.0.1:1/x?password="
                              + DB_PASSWORD
                              + "\", user: app, password: \""
                              + DB_PASSWORD
                              + "\" } }\n",
                          dir,
                          Map.of(),
                          new Properties())));
      for (Throwable c = t; c != null; c = c.getCause()) {
        thrown.append(c).append('\n');
      }
      // sign-ins, right and wrong, and a forged token, on the users file
      try (Runway rw =
          Runway.fromConfig(
              RunwayConfig.parse(
                  "auth: { type: local, local: { users-file: users.json, "
                      + "token-secret: \""
                      + TOKEN_SECRET
                      + "\" } }\n",
                  dir,
                  Map.of(),
                  new Properties()))) {
        AuthResult ok = rw.auth().authenticate("maria", USER_PASSWORD);
        rw.auth().authenticate("maria", USER_PASSWORD + "x");
        String token = ((AuthResult.Authenticated) ok).tokens().accessToken();
        Throwable forged = catchThrowable(() -> rw.auth().verify(token + "x"));
        thrown.append(forged).append('\n').append(rw).append('\n').append(ok).append('\n');
        rw.auth().signOut(token);
        Throwable revoked = catchThrowable(() -> rw.auth().verify(token));
        thrown.append(revoked).append('\n');
        assertThat(captured.toString(StandardCharsets.UTF_8) + thrown).doesNotContain(token);
      }
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    String everything = captured.toString(StandardCharsets.UTF_8) + thrown;
    assertThat(thrown).as("the failures were captured").isNotEmpty();
    assertThat(everything)
        .doesNotContain(DB_PASSWORD)
        .doesNotContain(TOKEN_SECRET)
        .doesNotContain(USER_PASSWORD);
  }
}
