package dev.runway.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests: {@code initdb} into a temporary directory and {@code
 * postgres} on a free loopback port with trust authentication and no fsync, stopped and deleted by
 * {@link #close()}. Finds the binaries on the PATH or under Debian's {@code
 * /usr/lib/postgresql/<version>/bin}. PostgreSQL refuses to run as root, so when the tests run as
 * root the server runs as the {@code postgres} user (which Debian's package creates), through
 * {@code setpriv}.
 *
 * <p>{@link #start()} skips the calling test, with the reason printed, when PostgreSQL is not
 * installed; in CI it fails instead. The PostgreSQL JDBC driver must be on the test class path.
 */
public final class PostgresServer extends LocalProcessServer {

  private PostgresServer(Path dir, Process process, int port) {
    super(process, dir, port);
  }

  /** Starts a server, or skips the test (fails it in CI) if PostgreSQL is not installed. */
  public static PostgresServer start() {
    Path bin = findBin();
    if (bin == null) {
      ServerFixtures.unavailable(
          "PostgreSQL is not installed (initdb not on the PATH nor under "
              + "/usr/lib/postgresql/*/bin); install the Debian package postgresql");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    // setpriv execs the server itself (no wrapper process), so stopping the Process stops postgres
    List<String> asUser =
        root
            ? List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups")
            : List.of();
    try {
      Path dir = Files.createTempDirectory("runway-pg");
      if (root) {
        run(List.of("chown", "-R", "postgres", dir.toString()));
      }
      Path data = dir.resolve("data");
      List<String> initdb = new ArrayList<>(asUser);
      initdb.addAll(
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-A",
              "trust",
              "-U",
              "postgres",
              "-E",
              "UTF8",
              "--no-sync",
              "--locale=C"));
      run(initdb);
      int port = ServerFixtures.freePort();
      List<String> cmd = new ArrayList<>(asUser);
      cmd.addAll(
          List.of(
              bin.resolve("postgres").toString(),
              "-D",
              data.toString(),
              "-p",
              Integer.toString(port),
              "-k",
              dir.toString(),
              "-c",
              "listen_addresses=127.0.0.1",
              "-c",
              "fsync=off",
              "-c",
              "synchronous_commit=off",
              "-c",
              "full_page_writes=off"));
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("server.log").toFile())
              .start();
      PostgresServer server = new PostgresServer(dir, p, port);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("could not start PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static Path findBin() {
    if (ServerFixtures.withheld("initdb")) {
      return null;
    }
    Path initdb = ServerFixtures.findExecutable("initdb");
    if (initdb != null) {
      return realParent(initdb);
    }
    Path base = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(base)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(base)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(
              Comparator.comparing(
                  b -> b.getParent().getFileName().toString(),
                  Comparator.comparingInt(PostgresServer::versionNumber)))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static Path realParent(Path p) {
    try {
      return p.toRealPath().getParent();
    } catch (IOException e) {
      return p.getParent();
    }
  }

  private static int versionNumber(String s) {
    try {
      return Integer.parseInt(s.replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("postgres exited: " + Files.readString(dir.resolve("server.log")));
      }
      try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
        return;
      } catch (SQLException e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    close();
    throw new IOException("postgres did not accept connections within 60 s: " + last);
  }

  /** Returns the JDBC URL of the {@code postgres} database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** Returns the superuser name ({@code postgres}, trust authentication: any password). */
  public String user() {
    return "postgres";
  }
}
