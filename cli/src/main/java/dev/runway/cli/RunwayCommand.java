package dev.runway.cli;

import dev.runway.auth.cognito.CognitoUserMigrator;
import dev.runway.core.local.PasswordHasher;
import dev.runway.core.local.UserRecord;
import dev.runway.core.local.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The {@code runway} command: the local users file, and the tools of a migration (users to Cognito,
 * tables between Redshift and Athena, cache keys between Redis instances, shadow reports, dialect
 * checks, the cost advisor).
 *
 * <p>Exit codes, for every command: {@value #OK} success; {@value #CHECK_FAILED} the work or the
 * check failed (a mismatch, a failed user, an error from a service: the message says which);
 * {@value #USAGE} bad arguments (the message names the option).
 */
@Command(
    name = "runway",
    mixinStandardHelpOptions = true,
    versionProvider = RunwayCommand.Version.class,
    description =
        "Runway's tools for the local users file and for moving between engines and stores.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the work or the check failed", "2:bad arguments"},
    subcommands = {
      RunwayCommand.Users.class,
      RunwayCommand.MigrateUsers.class,
      MigrationCommands.Validate.class,
      MigrationCommands.Shadow.class,
      MigrationCommands.MigrateCache.class,
      MigrationCommands.Advise.class,
      MigrationCommands.MigrateTables.class,
      MigrationCommands.SqlCheck.class
    })
public final class RunwayCommand implements Callable<Integer> {

  /** Exit code of a command that did its work. */
  public static final int OK = 0;

  /** Exit code of a command whose work or check failed. */
  public static final int CHECK_FAILED = 1;

  /** Exit code of a command given bad arguments. */
  public static final int USAGE = 2;

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return OK;
  }

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command and returns its exit status (see the class description). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new RunwayCommand());
    // an unexpected failure is one line naming the command and the cause, not a stack trace
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("runway " + line.getCommandName() + ": " + describe(e));
          return CHECK_FAILED;
        });
    return cli.execute(args);
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
      if (c.getMessage() != null && !text.toString().contains(c.getMessage())) {
        text.append(" (").append(c.getMessage()).append(')');
      }
    }
    return text.toString();
  }

  /** The version {@code runway --version} prints: the artifact's, from its resources. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      return new String[] {"runway " + version(), "Java " + Runtime.version()};
    }

    static String version() throws IOException {
      Properties p = new Properties();
      try (var in = RunwayCommand.class.getResourceAsStream("/dev/runway/cli/version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return p.getProperty("version", "unknown");
    }
  }

  /** {@code runway migrate-users}. */
  @Command(
      name = "migrate-users",
      mixinStandardHelpOptions = true,
      description = {
        "Create the active users of a local users file in an Amazon Cognito user pool "
            + "(AdminCreateUser, no e-mail sent; custom:personas; optionally a group per persona).",
        "Idempotent: users already in the pool are reported as EXISTS and left alone, so a re-run resumes. "
            + "bcrypt hashes cannot be imported: users sign in once through the fallback (auth.cognito."
            + "fallback-users-file), which sets their password in Cognito, or get a temporary password.",
        "Exit code 0 when every user was created or existed, 1 when any failed, 2 for bad arguments."
      })
  static final class MigrateUsers implements Callable<Integer> {
    @Option(names = "--users-file", description = "the local users JSON file to migrate")
    Path usersFile;

    @Option(names = "--user-pool-id", description = "the pool to create users in")
    String poolId;

    @Option(
        names = "--region",
        description = "AWS region (default: from the pool id, or the SDK's chain)")
    String region;

    @Option(
        names = "--endpoint",
        description = "Cognito endpoint override, e.g. cognito-local's http://localhost:9229")
    URI endpoint;

    @Option(names = "--dry-run", description = "report what would be created; change nothing")
    boolean dryRun;

    @Option(names = "--persona-groups", description = "also add each user to a group per persona")
    boolean groups;

    @Option(names = "--report", description = "write the JSON report to this file")
    Path report;

    @Option(
        names = "--create-pool",
        paramLabel = "NAME",
        description =
            "first create a pool with a custom:personas attribute and an app client (for emulators "
                + "and tests); prints their ids")
    String createPool;

    @Override
    public Integer call() throws IOException {
      if (usersFile == null && createPool == null) {
        System.err.println("give --users-file (and --user-pool-id), or --create-pool");
        return 2;
      }
      String r =
          region != null
              ? region
              : poolId != null && poolId.contains("_")
                  ? poolId.substring(0, poolId.indexOf('_'))
                  : "us-east-1";
      var b =
          CognitoIdentityProviderClient.builder()
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .region(Region.of(createPool != null && region == null ? "local" : r));
      if (endpoint != null) {
        b.endpointOverride(endpoint);
      }
      try (var client = b.build()) {
        if (createPool != null) {
          try {
            poolId = CognitoPools.create(client, createPool, System.out);
          } catch (IllegalStateException unusable) {
            System.err.println(unusable.getMessage());
            return 1;
          }
        }
        if (usersFile == null) {
          return 0;
        }
        if (poolId == null) {
          System.err.println("--user-pool-id is required with --users-file");
          return 2;
        }
        UsersFile file = UsersFile.load(usersFile);
        var migrator = CognitoUserMigrator.into(client, poolId);
        if (groups) {
          migrator = migrator.withPersonaGroups();
        }
        int total = file.users().size();
        int[] done = {0};
        var result =
            migrator.migrate(
                file,
                dryRun,
                o -> {
                  done[0]++;
                  int filled = done[0] * 30 / Math.max(1, total);
                  System.out.printf(
                      "\r  [%s%s] %d/%d  %-24s %-16s",
                      "#".repeat(filled),
                      " ".repeat(30 - filled),
                      done[0],
                      total,
                      o.username(),
                      o.status());
                  System.out.flush();
                });
        System.out.println();
        System.out.println((dryRun ? "dry run: " : "") + result.counts());
        System.out.println(CognitoUserMigrator.Report.PASSWORD_NOTE);
        result.outcomes().stream()
            .filter(o -> o.detail() != null)
            .forEach(
                o ->
                    System.out.println("  " + o.username() + ": " + o.status() + " " + o.detail()));
        if (report != null) {
          Files.writeString(report, result.toJson());
          System.out.println("report written to " + report);
        }
        return result.succeeded() ? 0 : 1;
      }
    }
  }

  /** {@code runway users}. */
  @Command(
      name = "users",
      mixinStandardHelpOptions = true,
      description = "Manage a local users file.",
      subcommands = {Users.Add.class, Users.ListUsers.class, Users.Deactivate.class})
  static final class Users implements Callable<Integer> {
    @Override
    public Integer call() {
      CommandLine.usage(this, System.out);
      return 0;
    }

    /** {@code runway users add}. */
    @Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description =
            "Add a user or replace their password; the password is read from the console or, "
                + "with --password-stdin, from the first line of standard input (never from the command line).")
    static final class Add implements Callable<Integer> {
      @Option(
          names = "--file",
          required = true,
          description = "the users JSON file (created if missing)")
      Path file;

      @Option(names = "--username", required = true)
      String username;

      @Option(
          names = "--persona",
          description = "a persona, repeatable (e.g. \"Warehouse Manager\")")
      List<String> personas = List.of();

      @Option(names = "--email")
      String email;

      @Option(
          names = "--cost",
          defaultValue = "12",
          description = "bcrypt cost (default: ${DEFAULT-VALUE})")
      int cost;

      @Option(names = "--password-stdin", description = "read the password from standard input")
      boolean passwordStdin;

      @Override
      public Integer call() throws IOException {
        char[] password = readPassword();
        if (password == null || password.length == 0) {
          System.err.println(
              "no password given: type it at the prompt or pipe it with --password-stdin");
          return 2;
        }
        try {
          UsersFile users = Files.exists(file) ? UsersFile.load(file) : UsersFile.empty();
          users.withUser(username, password, personas, email, cost).save(file);
        } catch (IllegalArgumentException e) {
          System.err.println(e.getMessage());
          return 2;
        } finally {
          Arrays.fill(password, '\0');
        }
        System.out.println("saved user " + username + " to " + file);
        return 0;
      }

      private char[] readPassword() throws IOException {
        if (passwordStdin) {
          BufferedReader in =
              new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
          String line = in.readLine();
          return line == null ? null : line.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
          System.err.println("no console to read the password from; use --password-stdin");
          return null;
        }
        char[] first = console.readPassword("password for %s: ", username);
        char[] again = console.readPassword("again: ");
        if (!Arrays.equals(first, again)) {
          System.err.println("the passwords differ");
          return null;
        }
        return first;
      }
    }

    /** {@code runway users list}. */
    @Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the users of a file (no hashes).")
    static final class ListUsers implements Callable<Integer> {
      @Option(names = "--file", required = true)
      Path file;

      @Override
      public Integer call() {
        for (UserRecord u : UsersFile.load(file).users()) {
          System.out.printf(
              "%-24s %-8s cost %2d  %s%s%n",
              u.username(),
              u.active() ? "active" : "inactive",
              PasswordHasher.costOf(u.passwordHash()),
              u.personas(),
              u.email() == null ? "" : "  " + u.email());
        }
        return 0;
      }
    }

    /** {@code runway users deactivate}. */
    @Command(
        name = "deactivate",
        mixinStandardHelpOptions = true,
        description = "Deactivate a user.")
    static final class Deactivate implements Callable<Integer> {
      @Option(names = "--file", required = true)
      Path file;

      @Option(names = "--username", required = true)
      String username;

      @Override
      public Integer call() {
        UsersFile users = UsersFile.load(file);
        if (users.user(username).isEmpty()) {
          System.err.println("no user named '" + username + "' in " + file);
          return 1;
        }
        users.withActive(username, false).save(file);
        System.out.println("deactivated " + username);
        return 0;
      }
    }
  }
}
