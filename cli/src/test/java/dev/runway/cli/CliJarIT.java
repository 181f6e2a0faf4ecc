package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published artifact as a user runs it: {@code java -jar runway-cli-<version>-all.jar} in a
 * fresh JVM, after {@code package}. Every command answers {@code --help}, the version is the
 * artifact's, and the exit codes are the documented ones.
 */
class CliJarIT {

  private static Path jar;

  /** The output and exit code of one run. */
  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void findJar() {
    String property = System.getProperty("runway.cli.jar");
    assertThat(property).as("runway.cli.jar is set by the build").isNotBlank();
    jar = Path.of(property);
    assertThat(jar).as("the shaded jar was packaged").isRegularFile();
  }

  private static Run runway(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("runway %s finished", List.of(args)).isTrue();
    return new Run(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("--version prints the artifact's version")
  void version_isTheArtifacts() throws Exception {
    Run r = runway(null, "--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("runway " + System.getProperty("runway.version"));
  }

  @Test
  @DisplayName(
      "--help lists every command and the exit codes; no development fixture is among them")
  void help_listsTheCommands() throws Exception {
    Run r = runway(null, "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "users",
            "migrate-users",
            "migrate-tables",
            "migrate-cache",
            "validate",
            "shadow-report",
            "sql-check",
            "advise",
            "Exit codes:")
        .doesNotContain("fixture");
  }

  @ParameterizedTest(name = "runway {0} --help")
  @ValueSource(
      strings = {
        "users",
        "users add",
        "users list",
        "users deactivate",
        "migrate-users",
        "migrate-tables",
        "migrate-cache",
        "validate",
        "shadow-report",
        "sql-check",
        "advise"
      })
  void everyCommand_answersHelp(String command) throws Exception {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");
    Run r = runway(null, args.toArray(String[]::new));
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("Usage: runway " + command);
  }

  @Test
  @DisplayName("an unknown option exits 2 and names it")
  void unknownOption_exitsTwo() throws Exception {
    Run r =
        runway(
            null,
            "advise",
            "--queries-per-day",
            "5",
            "--bytes-per-query",
            "1GB",
            "--queries-per-dya",
            "5");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--queries-per-dya");
  }

  @Test
  @DisplayName(
      "users add, list and deactivate work on a real file; the password never reaches the output")
  void users_roundTrip(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users.json");
    Run add =
        runway(
            "Corr3ct-Horse-Battery\n",
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
    assertThat(add.exit()).as(add.err()).isZero();
    assertThat(Files.readString(file)).contains("nina").doesNotContain("Corr3ct-Horse-Battery");
    Run list = runway(null, "users", "list", "--file", file.toString());
    assertThat(list.exit()).isZero();
    assertThat(list.out()).contains("nina", "active", "Field Engineer").doesNotContain("$2");
    assertThat(
            runway(null, "users", "deactivate", "--file", file.toString(), "--username", "nina")
                .exit())
        .isZero();
    assertThat(runway(null, "users", "list", "--file", file.toString()).out()).contains("inactive");
    Run missing =
        runway(null, "users", "deactivate", "--file", file.toString(), "--username", "nobody");
    assertThat(missing.exit()).isEqualTo(1);
  }

  @Test
  @DisplayName("advise projects the seed's workload from the jar alone")
  void advise_runsFromTheJar() throws Exception {
    Run r = runway(null, "advise", "--queries-per-day", "2400", "--bytes-per-query", "100MB");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("athena", "redshift-serverless", "cheapest: athena");
  }
}
