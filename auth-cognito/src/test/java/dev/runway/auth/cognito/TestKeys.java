package dev.runway.auth.cognito;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A signing key served as a JWKS on loopback, and tokens minted with it, Cognito-shaped. */
final class TestKeys implements AutoCloseable {

  static final String CLIENT = "test-client";

  final RSAKey key;
  final HttpServer server;
  final AtomicInteger requests = new AtomicInteger();
  final AtomicBoolean down = new AtomicBoolean();

  /** The key the JWKS endpoint serves: {@link #key} unless a test rotates it. */
  volatile RSAKey served;

  TestKeys() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("key-1").generate();
    served = key;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/",
        ex -> {
          requests.incrementAndGet();
          byte[] body =
              new JWKSet(served.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
          int status = down.get() ? 503 : 200;
          ex.sendResponseHeaders(status, down.get() ? -1 : body.length);
          if (!down.get()) {
            try (OutputStream out = ex.getResponseBody()) {
              out.write(body);
            }
          }
          ex.close();
        });
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/local_pool";
  }

  CognitoJwtVerifier.Builder verifier() {
    return verifier(CLIENT);
  }

  /** A verifier builder that accepts tokens of {@code clientIds}. */
  CognitoJwtVerifier.Builder verifier(String... clientIds) {
    return CognitoJwtVerifier.forIssuer(issuer()).allowHttpIssuer().clientIds(clientIds);
  }

  /** The claims of a valid access token, for a test to change. */
  JWTClaimsSet.Builder access(String username) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .subject("sub-" + username)
        .claim("token_use", "access")
        .claim("client_id", CLIENT)
        .claim("username", username)
        .claim("cognito:groups", List.of("Field_Engineer"))
        .claim("origin_jti", UUID.randomUUID().toString())
        .jwtID(UUID.randomUUID().toString())
        .claim("scope", "aws.cognito.signin.user.admin")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(3600)));
  }

  /** The claims of a valid id token. */
  JWTClaimsSet.Builder id(String username, String personas) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .subject("sub-" + username)
        .claim("token_use", "id")
        .audience(CLIENT)
        .claim("cognito:username", username)
        .claim("email", username + "@example.com")
        .claim("custom:personas", personas)
        .claim("cognito:groups", List.of("Field_Engineer"))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(3600)));
  }

  String sign(JWTClaimsSet.Builder claims) {
    return sign(claims, key, h -> {});
  }

  static String sign(JWTClaimsSet.Builder claims, RSAKey with, Consumer<JWSHeader.Builder> header) {
    try {
      JWSHeader.Builder h =
          new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).type(JOSEObjectType.JWT);
      header.accept(h);
      SignedJWT jwt = new SignedJWT(h.build(), claims.build());
      jwt.sign(new RSASSASigner(with));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  URI jwks() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/local_pool/.well-known/jwks.json");
  }

  @Override
  public void close() throws IOException {
    server.stop(0);
  }
}
