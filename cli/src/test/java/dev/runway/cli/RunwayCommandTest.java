package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.core.auth.AuthResult;
import dev.runway.core.local.FileAuthProvider;
import dev.runway.core.local.UsersFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users commands and the Cognito pool helper, run in this JVM. */
class RunwayCommandTest {

  @Test
  void usersAdd_passwordFromStdin_signsIn(@TempDir Path dir) {
    Path file = dir.resolve("users.json");
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("s3cret-Passw0rd\n".getBytes(StandardCharsets.UTF_8)));
      int code =
          RunwayCommand.execute(
              "users",
              "add",
              "--file",
              file.toString(),
              "--username",
              "nina",
              "--persona",
              "Field Engineer",
              "--cost",
              "4",
              "--password-stdin");
      assertThat(code).isZero();
    } finally {
      System.setIn(stdin);
    }
    FileAuthProvider p = FileAuthProvider.builder().usersFile(file).build();
    AuthResult r = p.authenticate("nina", "s3cret-Passw0rd");
    assertThat(r)
        .isInstanceOfSatisfying(
            AuthResult.Authenticated.class,
            a -> assertThat(a.principal().hasPersona("field_engineer")).isTrue());
    assertThat(UsersFile.load(file).users()).hasSize(1);
    assertThat(
            RunwayCommand.execute(
                "users", "deactivate", "--file", file.toString(), "--username", "nina"))
        .isZero();
    assertThat(
            FileAuthProvider.builder()
                .usersFile(file)
                .build()
                .authenticate("nina", "s3cret-Passw0rd"))
        .isInstanceOf(AuthResult.Failed.class);
  }

  @Test
  void createPool_onCognitoLocalsFactoryDefaults_failsWithTheFix(@TempDir Path empty) {
    // plain cognito-local (no config): its default makes every pool take e-mail addresses as names
    try (dev.runway.testkit.CognitoLocal cognito =
        dev.runway.testkit.CognitoLocal.startAsDocumented(empty)) {
      System.setProperty("aws.accessKeyId", "local");
      System.setProperty("aws.secretAccessKey", "local");
      PrintStream err = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      int code;
      try {
        code =
            RunwayCommand.execute(
                "migrate-users", "--create-pool", "demo", "--endpoint", "http://localhost:9229");
      } finally {
        System.setErr(err);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
      }
      assertThat(code).isEqualTo(1);
      assertThat(captured.toString(StandardCharsets.UTF_8))
          .contains("[email]")
          .contains("examples/cognito-local");
    }
  }
}
