package dev.runway.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server process the tests started, with its own temporary directory and loopback port:
 * {@link #close()} stops the process (politely, then forcibly) and deletes the directory.
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
}
