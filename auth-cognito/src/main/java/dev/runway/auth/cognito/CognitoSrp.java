package dev.runway.auth.cognito;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SRP-6a as Amazon Cognito's {@code USER_SRP_AUTH} flow specifies it: the
 * 3072-bit group of RFC 3526 with g = 2, SHA-256, k = H(N | g), x = H(salt | H(poolName | user |
 * ":" | password)), the session key S turned into a 16-byte key with HKDF ("Caldera Derived Key"),
 * and the {@code PASSWORD_CLAIM_SIGNATURE}: HMAC-SHA256 over pool name, user id, secret block and
 * timestamp. Byte strings of numbers are the minimal two's-complement big-endian form (a leading
 * zero byte when the top bit is set), as Cognito's own clients encode them.
 *
 * <p>Verified against known-answer vectors computed with AWS's own JavaScript client
 * (amazon-cognito-identity-js), not yet against a real user pool. One instance per sign-in; the
 * secret exponent {@code a} never leaves it.
 */
final class CognitoSrp {

  /** RFC 3526, 3072-bit MODP group (group 15). */
  static final BigInteger N =
      new BigInteger(
          "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
              + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
              + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
              + "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
              + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
              + "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
              + "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
              + "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
          16);

  static final BigInteger G = BigInteger.TWO;
  static final BigInteger K = new BigInteger(1, sha256(bytes(N), bytes(G)));

  private static final byte[] INFO = "Caldera Derived Key\u0001".getBytes(StandardCharsets.UTF_8);
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final String poolName;
  private final BigInteger a;
  private final BigInteger bigA;

  /** Starts a sign-in to the pool {@code userPoolId} with a fresh random secret. */
  static CognitoSrp start(String userPoolId, SecureRandom random) {
    BigInteger a;
    do {
      byte[] r = new byte[128];
      random.nextBytes(r);
      a = new BigInteger(1, r).mod(N);
    } while (a.signum() == 0);
    return new CognitoSrp(poolName(userPoolId), a);
  }

  CognitoSrp(String poolName, BigInteger a) {
    this.poolName = Objects.requireNonNull(poolName, "poolName");
    this.a = a;
    this.bigA = G.modPow(a, N);
    if (bigA.mod(N).signum() == 0) {
      throw new IllegalStateException("A is 0 mod N");
    }
  }

  /** Returns the part of a pool id after the region, which Cognito's SRP calls the pool name. */
  static String poolName(String userPoolId) {
    int i = userPoolId.indexOf('_');
    if (i <= 0 || i == userPoolId.length() - 1) {
      throw new IllegalArgumentException(
          "user pool id " + userPoolId + " is not of the form <region>_<id>");
    }
    return userPoolId.substring(i + 1);
  }

  /** Returns {@code SRP_A} for InitiateAuth: A in hexadecimal. */
  String srpA() {
    return bigA.toString(16);
  }

  /**
   * Returns the 16-byte key derived from the server's challenge.
   *
   * @param userIdForSrp {@code USER_ID_FOR_SRP} of the challenge
   * @param password the password
   * @param srpB {@code SRP_B} (hex)
   * @param salt {@code SALT} (hex)
   */
  byte[] passwordKey(String userIdForSrp, String password, String srpB, String salt) {
    BigInteger b = new BigInteger(srpB, 16);
    if (b.mod(N).signum() == 0) {
      throw new IllegalArgumentException("SRP_B is 0 mod N: refusing the challenge");
    }
    BigInteger u = new BigInteger(1, sha256(bytes(bigA), bytes(b)));
    if (u.signum() == 0) {
      throw new IllegalArgumentException("u is 0: refusing the challenge");
    }
    byte[] inner =
        sha256((poolName + userIdForSrp + ":" + password).getBytes(StandardCharsets.UTF_8));
    BigInteger x = new BigInteger(1, sha256(bytes(new BigInteger(salt, 16)), inner));
    BigInteger base = b.subtract(K.multiply(G.modPow(x, N))).mod(N);
    BigInteger s = base.modPow(a.add(u.multiply(x)), N);
    return hkdf(bytes(s), bytes(u));
  }

  /** Returns {@code PASSWORD_CLAIM_SIGNATURE}. */
  String signature(byte[] key, String userIdForSrp, String secretBlock, String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(poolName.getBytes(StandardCharsets.UTF_8));
      mac.update(userIdForSrp.getBytes(StandardCharsets.UTF_8));
      mac.update(Base64.getDecoder().decode(secretBlock));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns Cognito's {@code TIMESTAMP} format, e.g. {@code Tue Feb 3 07:05:09 UTC 2026}. */
  static String timestamp(Instant now) {
    return TIMESTAMP.format(now);
  }

  private static byte[] hkdf(byte[] ikm, byte[] salt) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      return Arrays.copyOf(mac.doFinal(INFO), 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The minimal two's-complement big-endian bytes of a non-negative number. */
  static byte[] bytes(BigInteger n) {
    String hex = n.toString(16);
    if (hex.length() % 2 != 0) {
      hex = "0" + hex;
    }
    if (Character.digit(hex.charAt(0), 16) >= 8) {
      hex = "00" + hex;
    }
    return HexFormat.of().parseHex(hex);
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        d.update(p);
      }
      return d.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "CognitoSrp{pool=" + poolName + ", a=***}";
  }
}
