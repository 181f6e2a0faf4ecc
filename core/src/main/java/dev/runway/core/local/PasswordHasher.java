package dev.runway.core.local;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * bcrypt hashing and verification. Reads {@code $2a$}, {@code $2b$} and {@code $2y$} hashes and
 * writes {@code $2b$}. Passwords longer than bcrypt's 72-byte limit are refused rather than
 * silently truncated (truncation would make every password sharing the first 72 bytes valid).
 * Stateless and thread-safe.
 */
public final class PasswordHasher {

  /** The bcrypt input limit in UTF-8 bytes. */
  public static final int MAX_PASSWORD_BYTES = 72;

  /** The default cost factor (2^12 rounds, about a quarter of a second on a server core). */
  public static final int DEFAULT_COST = 12;

  private PasswordHasher() {}

  /**
   * Hashes a password.
   *
   * @param password the password
   * @param cost the cost factor, 4 to 31
   * @throws IllegalArgumentException if the password is empty or longer than 72 UTF-8 bytes
   */
  public static String hash(char[] password, int cost) {
    Objects.requireNonNull(password, "password");
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, got " + cost);
    }
    byte[] bytes = utf8(password);
    try {
      if (bytes.length == 0) {
        throw new IllegalArgumentException("the password is empty");
      }
      checkLength(bytes.length);
      return BCrypt.with(BCrypt.Version.VERSION_2B).hashToString(cost, password);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Returns whether {@code password} matches {@code hash}; false for a malformed hash or an
   * over-long password.
   */
  public static boolean verify(char[] password, String hash) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(hash, "hash");
    byte[] bytes = utf8(password);
    try {
      if (bytes.length > MAX_PASSWORD_BYTES) {
        return false;
      }
      return BCrypt.verifyer().verify(bytes, hash.getBytes(StandardCharsets.UTF_8)).verified;
    } catch (RuntimeException malformed) {
      return false;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Returns whether {@code hash} looks like a bcrypt hash this class can verify. */
  public static boolean isBcryptHash(String hash) {
    return hash != null && hash.matches("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
  }

  /** Returns the cost factor of a bcrypt hash. */
  public static int costOf(String hash) {
    if (!isBcryptHash(hash)) {
      throw new IllegalArgumentException(
          "not a bcrypt hash (expected $2a$, $2b$ or $2y$ and 60 characters)");
    }
    return Integer.parseInt(hash.substring(4, 6));
  }

  /** Returns whether the password fits bcrypt's 72-byte limit. */
  public static boolean fitsLimit(String password) {
    return password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
  }

  private static void checkLength(int length) {
    if (length > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException(
          "the password is "
              + length
              + " bytes in UTF-8; bcrypt "
              + "uses at most "
              + MAX_PASSWORD_BYTES
              + " bytes, so choose a shorter password");
    }
  }

  private static byte[] utf8(char[] chars) {
    ByteBuffer buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = new byte[buf.remaining()];
    buf.get(bytes);
    if (buf.hasArray()) {
      Arrays.fill(buf.array(), (byte) 0);
    }
    return bytes;
  }
}
