package dev.runway.benchmarks;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.runway.auth.cognito.CognitoJwtVerifier;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Verifying a Cognito-shaped RS256 access token (2048-bit key) with a warm JWKS cache, one thread:
 * {@code runway} is {@link CognitoJwtVerifier#verify} as a service calls it, the same token again
 * on every request (remembered by its text: expiry and key re-checked, no second signature check);
 * {@code runwayFullCheck} is the same verifier without remembered tokens, every call in full
 * (parse, algorithm and key checks, signature, claims parse, issuer, token_use, client_id, expiry);
 * {@code raw} is nimbus parsing and checking the signature only. {@code partParse} and {@code
 * partClaimsParse} measure what nimbus does besides the signature: parsing the token, and parsing
 * its claims (which the raw check never reads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenVerifyBenchmark {

  private HttpServer jwks;
  private CognitoJwtVerifier verifier;
  private CognitoJwtVerifier fullCheck;
  private RSASSAVerifier rawVerifier;
  private String token;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("bench-key").generate();
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
          ex.close();
        });
    jwks.start();
    String issuer = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/local_bench";
    verifier =
        CognitoJwtVerifier.forIssuer(issuer).allowHttpIssuer().clientIds("bench-client").build();
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(UUID.randomUUID().toString())
            .claim("token_use", "access")
            .claim("client_id", "bench-client")
            .claim("username", "maria")
            .claim("cognito:groups", List.of("Warehouse Manager"))
            .claim("scope", "aws.cognito.signin.user.admin")
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(86_400)))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("bench-key")
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    token = jwt.serialize();
    rawVerifier = new RSASSAVerifier(key.toRSAPublicKey());
    verifier.verify(token, CognitoJwtVerifier.TokenUse.ACCESS); // warm the key cache
    fullCheck =
        CognitoJwtVerifier.forIssuer(issuer)
            .allowHttpIssuer()
            .clientIds("bench-client")
            .verifiedTokenCacheSize(0)
            .build();
    fullCheck.verify(token, CognitoJwtVerifier.TokenUse.ACCESS);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    jwks.stop(0);
  }

  @Benchmark
  public Object runway() {
    return verifier.verify(token, CognitoJwtVerifier.TokenUse.ACCESS);
  }

  @Benchmark
  public boolean raw() throws Exception {
    return SignedJWT.parse(token).verify(rawVerifier);
  }

  @Benchmark
  public Object runwayFullCheck() {
    return fullCheck.verify(token, CognitoJwtVerifier.TokenUse.ACCESS);
  }

  @Benchmark
  public Object partParse() throws Exception {
    return SignedJWT.parse(token);
  }

  @Benchmark
  public Object partClaimsParse() throws Exception {
    return SignedJWT.parse(token).getJWTClaimsSet();
  }
}
