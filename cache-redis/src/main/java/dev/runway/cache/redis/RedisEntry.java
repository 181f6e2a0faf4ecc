package dev.runway.cache.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * The value stored under an entry key: a small header (format version, the namespace and tag
 * generations the entry was computed under, its absolute expiry and how long it took to load)
 * followed by the {@link dev.runway.core.cache.ResultCodec} bytes of the result, deflated above a
 * size threshold. Bytes of another format version decode to {@code null}, which callers treat as a
 * miss.
 */
record RedisEntry(
    long namespace, Map<String, Long> tags, long expiresAtMillis, int loadMillis, byte[] payload) {

  static final int MAGIC = 'W';
  static final int VERSION = 1;
  private static final int DEFLATED = 1;

  byte[] encode(int compressAbove) {
    boolean deflate = payload.length > compressAbove;
    byte[] body = deflate ? deflate(payload) : payload;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(MAGIC);
      out.writeByte(VERSION);
      out.writeLong(namespace);
      out.writeLong(expiresAtMillis);
      out.writeInt(loadMillis);
      out.writeShort(tags.size());
      for (Map.Entry<String, Long> t : tags.entrySet()) {
        byte[] name = t.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeShort(name.length);
        out.write(name);
        out.writeLong(t.getValue());
      }
      out.writeByte(deflate ? DEFLATED : 0);
      out.writeInt(body.length);
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes an entry, or returns null for bytes of another format or version. */
  static @Nullable RedisEntry decode(byte @Nullable [] data) {
    if (data == null || data.length < 2 || data[0] != MAGIC || data[1] != VERSION) {
      return null;
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(data, 2, data.length - 2))) {
      long ns = in.readLong();
      long expires = in.readLong();
      int load = in.readInt();
      int n = in.readUnsignedShort();
      Map<String, Long> tags = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        byte[] name = new byte[in.readUnsignedShort()];
        in.readFully(name);
        tags.put(new String(name, StandardCharsets.UTF_8), in.readLong());
      }
      int flags = in.readUnsignedByte();
      int len = in.readInt();
      if (len < 0 || len > in.available()) {
        return null;
      }
      byte[] body = new byte[len];
      in.readFully(body);
      return new RedisEntry(
          ns, tags, expires, load, (flags & DEFLATED) != 0 ? inflate(body) : body);
    } catch (IOException | DataFormatException e) {
      return null;
    }
  }

  private static byte[] deflate(byte[] in) {
    Deflater d = new Deflater(Deflater.BEST_SPEED);
    try {
      d.setInput(in);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 3 + 16);
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static byte[] inflate(byte[] in) throws DataFormatException {
    Inflater i = new Inflater();
    try {
      i.setInput(in);
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 3);
      byte[] buf = new byte[8192];
      while (!i.finished()) {
        int n = i.inflate(buf);
        if (n == 0 && (i.needsInput() || i.needsDictionary())) {
          throw new DataFormatException("truncated deflate stream");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      i.end();
    }
  }
}
