package dev.runway.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process on a free loopback port, started and stopped by a test. Its
 * files live in a temporary directory removed by {@link #close()}. Can be killed and restarted on
 * the same port to simulate an outage.
 */
public final class RedisServer implements AutoCloseable {

  private final Path executable;
  private final Path dir;
  private final int port;
  private final List<String> args;
  private boolean tls;
  private Process process;
  private volatile boolean paused;

  private RedisServer(Path executable, Path dir, int port, List<String> args) {
    this.executable = executable;
    this.dir = dir;
    this.port = port;
    this.args = args;
  }

  /**
   * Starts a server; skips the test (fails in CI) if {@code redis-server} is not installed.
   *
   * @param extraArgs more {@code redis-server} options, such as {@code --requirepass x}
   */
  public static RedisServer start(String... extraArgs) {
    return start(ServerFixtures.freePort(), extraArgs);
  }

  /** Starts a server on a given port. */
  public static RedisServer start(int port, String... extraArgs) {
    Path exe = ServerFixtures.findExecutable("redis-server");
    if (exe == null) {
      ServerFixtures.unavailable(
          "redis-server is not on the PATH (Debian: apt-get install redis-server)");
    }
    try {
      Path dir = Files.createTempDirectory("runway-redis-" + port);
      RedisServer s = new RedisServer(exe, dir, port, List.of(extraArgs));
      s.launch();
      return s;
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare a directory for redis-server", e);
    }
  }

  /**
   * Starts a server that accepts only TLS connections on its port, with the given PEM certificate
   * and key (which also serves as the CA file; clients are not asked for certificates).
   */
  public static RedisServer startTls(Path certFile, Path keyFile) {
    Path exe = ServerFixtures.findExecutable("redis-server");
    if (exe == null) {
      ServerFixtures.unavailable(
          "redis-server is not on the PATH (Debian: apt-get install redis-server)");
    }
    int port = ServerFixtures.freePort();
    try {
      Path dir = Files.createTempDirectory("runway-redis-tls-" + port);
      RedisServer s =
          new RedisServer(
              exe,
              dir,
              port,
              List.of(
                  "--tls-cert-file",
                  certFile.toString(),
                  "--tls-key-file",
                  keyFile.toString(),
                  "--tls-ca-cert-file",
                  certFile.toString(),
                  "--tls-auth-clients",
                  "no"));
      s.tls = true;
      s.launch();
      return s;
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare a directory for redis-server", e);
    }
  }

  /** Returns the port. */
  public int port() {
    return port;
  }

  /** Returns the working directory (for config files a mode needs). */
  public Path dir() {
    return dir;
  }

  /** Returns {@code redis://127.0.0.1:<port>} ({@code rediss://} for a TLS server). */
  public String uri() {
    return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port;
  }

  private void launch() {
    List<String> cmd = new ArrayList<>();
    cmd.add(executable.toString());
    if (!args.isEmpty() && args.get(0).endsWith(".conf")) {
      cmd.add(args.get(0));
      cmd.addAll(args.subList(1, args.size()));
    } else {
      cmd.addAll(args);
    }
    if (tls) {
      cmd.addAll(List.of("--port", "0", "--tls-port", String.valueOf(port)));
    } else {
      cmd.addAll(List.of("--port", String.valueOf(port)));
    }
    cmd.addAll(
        List.of(
            "--bind",
            "127.0.0.1",
            "--dir",
            dir.toString(),
            "--daemonize",
            "no",
            "--protected-mode",
            "no",
            "--logfile",
            dir.resolve("redis.log").toString()));
    if (!args.contains("--sentinel")) {
      cmd.addAll(List.of("--save", "", "--appendonly", "no"));
    }
    try {
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + cmd, e);
    }
    awaitPort(Duration.ofSeconds(10));
  }

  private void awaitPort(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited with " + process.exitValue() + "; see " + dir);
      }
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        sleep(20);
      }
    }
    throw new IllegalStateException(
        "redis-server did not listen on port " + port + " within " + timeout);
  }

  /** Kills the server abruptly (SIGKILL), as a crash would. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Freezes the server (SIGSTOP): connections stay open and nothing answers, as with a stalled host
   * or a long GC-like pause. {@link #resume()} thaws it; {@link #close()} thaws it first.
   */
  public void pause() {
    signal("STOP");
    paused = true;
  }

  /** Thaws a paused server (SIGCONT). */
  public void resume() {
    signal("CONT");
    paused = false;
  }

  private void signal(String name) {
    if (process == null) {
      throw new IllegalStateException("redis-server is not running");
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot signal redis-server: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling redis-server", e);
    }
  }

  /** Starts the server again on the same port (its data is gone: persistence is off). */
  public void restart() {
    kill();
    launch();
  }

  /** Returns whether the process is running. */
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    if (paused) {
      resume();
    }
    kill();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
