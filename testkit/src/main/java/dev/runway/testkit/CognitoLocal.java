package dev.runway.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * cognito-local (the npm package, an emulator of Amazon Cognito user pools) on a free loopback
 * port, in a temporary directory with its configuration: user names are not e-mail addresses (as in
 * a default real pool) and tokens are issued by {@code http://127.0.0.1:<port>/<poolId>}. Stopped
 * and deleted by {@link #close()}.
 *
 * <p>Finds {@code cognito-local} on the PATH or at {@code RUNWAY_COGNITO_LOCAL}; skips the calling
 * test with the reason printed when it is missing, fails in CI. Install it with {@code npm install
 * -g cognito-local}.
 *
 * <p>cognito-local is not Cognito. Known deviations, which tests must not take a pass here as proof
 * of: it does not check SECRET_HASH; it reports a wrong password as {@code
 * InvalidPasswordException} (Cognito: {@code NotAuthorizedException}); it lets disabled users sign
 * in; it answers a user whose status is FORCE_CHANGE_PASSWORD with the NEW_PASSWORD_REQUIRED
 * challenge before checking the password (Cognito checks it first); it has no {@code
 * GlobalSignOut}, no SRP and no MFA; it signs every pool with one published key ({@code kid} {@code
 * CognitoLocal}); it issues no {@code origin_jti}.
 */
public final class CognitoLocal extends LocalProcessServer {

  private CognitoLocal(Process process, Path dir, int port) {
    super(process, dir, port);
  }

  /** Starts cognito-local, or skips the test (fails it in CI) if it is not installed. */
  public static CognitoLocal start() {
    return start(null, false);
  }

  /**
   * Starts cognito-local as a walk-through runs it: in (a copy of) {@code workingDirectory}, with
   * whatever {@code .cognito/config.json} that directory ships and cognito-local's own defaults for
   * the rest (tokens issued as {@code http://localhost:9229/<pool>}), on its default port 9229.
   * Skipped (failed in CI) when that port is taken.
   */
  public static CognitoLocal startAsDocumented(Path workingDirectory) {
    return start(Objects.requireNonNull(workingDirectory, "workingDirectory"), true);
  }

  private static CognitoLocal start(Path workingDirectory, boolean asDocumented) {
    String configured = System.getenv("RUNWAY_COGNITO_LOCAL");
    Path exe =
        ServerFixtures.withheld("cognito-local")
            ? null
            : configured != null
                ? Path.of(configured)
                : ServerFixtures.findExecutable("cognito-local");
    if (exe == null || !Files.isExecutable(exe)) {
      ServerFixtures.unavailable(
          "cognito-local is not installed (npm install -g cognito-local, or set "
              + "RUNWAY_COGNITO_LOCAL to its path)");
    }
    try {
      Path dir = Files.createTempDirectory("runway-cognito");
      if (workingDirectory != null) {
        copyTree(workingDirectory, dir);
      }
      int port = asDocumented ? 9229 : ServerFixtures.freePort();
      if (asDocumented && !portFree(port)) {
        ServerFixtures.unavailable("port 9229 (cognito-local's default) is taken");
      }
      if (!asDocumented) {
        Files.createDirectories(dir.resolve(".cognito"));
        Files.writeString(
            dir.resolve(".cognito/config.json"),
            "{\"UserPoolDefaults\":{\"UsernameAttributes\":[]},"
                + "\"TokenConfig\":{\"IssuerDomain\":\"http://127.0.0.1:"
                + port
                + "\"}}");
      }
      ProcessBuilder pb =
          new ProcessBuilder(exe.toString())
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("cognito-local.log").toFile());
      if (!asDocumented) {
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("HOST", "127.0.0.1");
      }
      CognitoLocal c = new CognitoLocal(pb.start(), dir, port);
      c.awaitPort();
      return c;
    } catch (IOException e) {
      throw new IllegalStateException("could not start cognito-local: " + e.getMessage(), e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private void awaitPort() throws IOException {
    try {
      LocalProcessServer.awaitPort(
          process, port, dir.resolve("cognito-local.log"), "cognito-local", 60);
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  /** Returns the endpoint for the SDK client's {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Returns the issuer of the tokens of pool {@code poolId}. */
  public String issuer(String poolId) {
    return endpoint() + "/" + poolId;
  }
}
