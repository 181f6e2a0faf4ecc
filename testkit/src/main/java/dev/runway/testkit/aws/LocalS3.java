package dev.runway.testkit.aws;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory standing in for S3 in the protocol fixtures: {@code s3://bucket/key} is the file
 * {@code <root>/bucket/key}. The Redshift fixture's UNLOAD writes Parquet files and a manifest
 * here, the Athena fixture's external tables read them, and the Athena fixture serves them to an S3
 * client with path-style {@code GET}.
 */
public final class LocalS3 implements AutoCloseable {

  private final Path root;

  /** Creates an empty store in a temporary directory. */
  public LocalS3() {
    try {
      this.root = Files.createTempDirectory("runway-s3");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the local path of {@code s3uri} (an object or a prefix). */
  public Path path(String s3uri) {
    if (!s3uri.startsWith("s3://")) {
      throw new IllegalArgumentException("not an s3:// URI: " + s3uri);
    }
    Path p = root.resolve(s3uri.substring(5)).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("escapes the store: " + s3uri);
    }
    return p;
  }

  /** Returns the object's bytes, or null if there is none. */
  public byte[] get(String bucket, String key) {
    Path p = path("s3://" + bucket + "/" + key);
    try {
      return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the store. */
  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
