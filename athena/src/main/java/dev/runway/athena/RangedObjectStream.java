package dev.runway.athena;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * An S3 object read as one ordered stream of bytes, fetched as byte ranges of {@code rangeSize}, up
 * to {@code parallelism} of them in flight ahead of the reader: large results arrive at the speed
 * of several connections while the reader holds at most {@code parallelism + 1} ranges in memory,
 * whatever the object's size. The first range tells the size (its {@code Content-Range}); later
 * ranges are asked for with the first one's ETag ({@code If-Match}), so an object replaced while it
 * is read fails instead of mixing two versions. An object no larger than one range costs one GET,
 * as a plain read does.
 */
final class RangedObjectStream extends InputStream {

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final long rangeSize;
  private final int parallelism;
  private final Executor executor;
  private final String etag;
  private final long size;
  private final Deque<CompletableFuture<byte[]>> ahead = new ArrayDeque<>();
  private long nextStart;
  private byte[] current;
  private int pos;
  private boolean closed;

  RangedObjectStream(
      S3Client s3, String bucket, String key, long rangeSize, int parallelism, Executor executor) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.rangeSize = rangeSize;
    this.parallelism = parallelism;
    this.executor = executor;
    ResponseBytes<GetObjectResponse> first =
        s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=0-" + (rangeSize - 1)));
    this.current = first.asByteArrayUnsafe();
    this.etag = first.response().eTag();
    this.size = sizeOf(first.response().contentRange(), current.length);
    this.nextStart = current.length;
    fill();
  }

  /**
   * The object's size from {@code bytes a-b/total}; the body's length when the whole object came
   * back.
   */
  static long sizeOf(String contentRange, long bodyLength) {
    if (contentRange == null) {
      return bodyLength;
    }
    int slash = contentRange.lastIndexOf('/');
    if (slash < 0 || contentRange.endsWith("*")) {
      return bodyLength;
    }
    return Long.parseLong(contentRange.substring(slash + 1).trim());
  }

  private void fill() {
    while (ahead.size() < parallelism && nextStart < size) {
      long start = nextStart;
      long end = Math.min(size, start + rangeSize) - 1;
      nextStart = end + 1;
      ahead.add(
          CompletableFuture.supplyAsync(
              () ->
                  s3.getObjectAsBytes(
                          b -> {
                            b.bucket(bucket).key(key).range("bytes=" + start + "-" + end);
                            if (etag != null) {
                              b.ifMatch(etag);
                            }
                          })
                      .asByteArrayUnsafe(),
              executor));
    }
  }

  private boolean advance() throws IOException {
    CompletableFuture<byte[]> next = ahead.poll();
    if (next == null) {
      return false;
    }
    try {
      current = next.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading s3://" + bucket + "/" + key);
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof CompletionException c && c.getCause() != null
              ? c.getCause()
              : e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re; // the SDK's own exception: the caller translates it
      }
      throw new IOException("reading s3://" + bucket + "/" + key + " failed", cause);
    }
    pos = 0;
    fill();
    return true;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("the stream is closed");
    }
    if (len == 0) {
      return 0;
    }
    while (pos >= current.length) {
      if (!advance()) {
        return -1;
      }
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Returns the object's size in bytes. */
  long size() {
    return size;
  }

  @Override
  public void close() {
    closed = true;
    for (CompletableFuture<byte[]> f : ahead) {
      f.cancel(true);
    }
    ahead.clear();
    current = new byte[0];
  }
}
