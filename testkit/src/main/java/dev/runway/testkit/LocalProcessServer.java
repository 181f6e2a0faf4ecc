package dev.runway.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server process the tests started, with its own temporary directory and loopback port: {@link
 * #close()} stops the process (politely, then forcibly) and deletes the directory.
 */
abstract class LocalProcessServer implements AutoCloseable {

  /** The server process. */
  protected final Process process;

  /** Its temporary directory. */
  protected final Path dir;

  /** Its loopback port. */
  protected final int port;

  LocalProcessServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Returns the port. */
  public int port() {
    return port;
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() {
    stop(process, dir);
  }

  /** Stops {@code process} (politely, then forcibly) and deletes {@code dir}. */
  static void stop(Process process, Path dir) {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }

  /**
   * Waits until {@code process} accepts connections on loopback {@code port}; throws with its log
   * when it exits first or does not listen within {@code seconds}.
   */
  static void awaitPort(Process process, int port, Path log, String what, int seconds)
      throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(what + " exited: " + Files.readString(log));
      }
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }
    process.destroyForcibly();
    throw new IOException(
        what
            + " did not listen on "
            + port
            + " within "
            + seconds
            + " s: "
            + Files.readString(log));
  }
}
