package dev.runway.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Helpers shared by the server fixtures: free loopback ports, finding executables, and the rule for
 * a missing server (skip with the reason printed; in CI, where every server is installed, fail
 * instead, so that nothing is skipped silently there).
 */
public final class ServerFixtures {

  private ServerFixtures() {}

  /** Returns a TCP port that was free on 127.0.0.1 a moment ago. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  /**
   * The environment variable that makes executables look absent: a comma-separated list of names
   * ({@code redis-server,initdb}) or {@code all}. It lets a machine that has every server check
   * what a machine without some of them does: the tests that need them skip, saying why.
   */
  public static final String WITHOUT_VARIABLE = "RUNWAY_TEST_WITHOUT";

  /**
   * Returns the path of {@code name} on the PATH, or null; null also when {@code name} is listed in
   * {@link #WITHOUT_VARIABLE}.
   */
  public static Path findExecutable(String name) {
    if (withheld(name)) {
      return null;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Returns whether {@code name} (an executable such as {@code redis-server}, {@code initdb},
   * {@code cognito-local}, {@code dynalite}, {@code chromium}) is to be treated as not installed
   * ({@link #WITHOUT_VARIABLE}); fixtures that find a server elsewhere than on the PATH ask this
   * first.
   */
  public static boolean withheld(String name) {
    String without = System.getenv(WITHOUT_VARIABLE);
    if (without == null || without.isBlank()) {
      return false;
    }
    for (String n : without.split(",")) {
      String t = n.trim();
      if (t.equals("all") || t.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stops the current test because a server cannot be started: printed and skipped on a developer
   * machine, a failure in CI ({@link #inCi()}).
   */
  public static void unavailable(String reason) {
    unavailableImpl(reason);
  }

  private static final java.util.concurrent.atomic.AtomicBoolean NODELAY_HINT_GIVEN =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Warns once per JVM when {@code -Dsun.net.httpserver.nodelay=true} is not set: the fixtures that
   * serve HTTP with the JDK's server (the AWS protocol fixtures, the DynamoDB emulator's front)
   * then take about 40 ms a call (see {@code AwsJsonFixture.NODELAY_PROPERTY}).
   */
  public static void hintNoDelay() {
    if (!"true".equals(System.getProperty(dev.runway.testkit.aws.AwsJsonFixture.NODELAY_PROPERTY))
        && NODELAY_HINT_GIVEN.compareAndSet(false, true)) {
      org.slf4j.LoggerFactory.getLogger(ServerFixtures.class)
          .warn(
              "-D{}=true is not set: each call to a fixture "
                  + "served by the JDK's HTTP server will take about 40 ms more (Nagle's algorithm meets delayed ACKs)",
              dev.runway.testkit.aws.AwsJsonFixture.NODELAY_PROPERTY);
    }
  }

  /**
   * Returns whether this is a CI run: the environment variable {@code CI} is {@code true} or {@code
   * 1} (any other value, such as {@code false}, is not CI).
   */
  public static boolean inCi() {
    String ci = System.getenv("CI");
    return ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1"));
  }

  private static void unavailableImpl(String reason) {
    String message =
        "SKIPPED, server unavailable: "
            + reason
            + (System.getenv(WITHOUT_VARIABLE) != null
                ? " [" + WITHOUT_VARIABLE + "=" + System.getenv(WITHOUT_VARIABLE) + "]"
                : "");
    System.err.println(message);
    if (inCi()) {
      throw new IllegalStateException("in CI every server must be installed: " + reason);
    }
    Assumptions.abort(message);
  }
}
