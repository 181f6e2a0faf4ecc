package dev.runway.auth.cognito;

import dev.runway.core.auth.AuthProvider;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.local.FileAuthProvider;
import dev.runway.core.local.UsersFile;
import dev.runway.core.spi.AuthProviderFactory;
import dev.runway.core.spi.ConfigKeys;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.FactoryContext;
import dev.runway.migrate.FallbackAuthProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * {@code auth.type: cognito}. Keys of {@code auth.cognito}: {@code user-pool-id} and {@code
 * client-id} (required), {@code client-secret}, {@code region} (default: from the pool id), {@code
 * endpoint}, {@code auth-flow} ({@code user-password} | {@code admin-user-password} | {@code
 * user-srp}), {@code persona-source} ({@code attribute} | {@code groups} | {@code both}), {@code
 * persona-attribute}, {@code issuer} and {@code allow-http-issuer} (local emulators; with an
 * endpoint and no issuer, the issuer is {@code <endpoint>/<pool id>}), {@code clock-skew}; and for
 * the move off the local users file, {@code fallback-users-file} (sign in there when Cognito does
 * not know the user) with {@code migrate-on-sign-in} (default true: create the user in Cognito with
 * the password they just used) and {@code persona-groups}.
 */
public final class CognitoAuthProviderFactory implements AuthProviderFactory {

  @Override
  public String type() {
    return "cognito";
  }

  /** The keys of {@code auth.cognito}. */
  static final ConfigKeys<Object> KEYS =
      ConfigKeys.builder()
          .string("user-pool-id", null, "The user pool (region_id); required.", null)
          .string("client-id", null, "The app client; required.", null)
          .secret(
              "client-secret",
              "Only if the app client has one. Give it as ${VARIABLE}; never printed.",
              null)
          .string(
              "profile",
              null,
              "A named AWS profile instead of the default credentials chain (checked at start).",
              null)
          .string("region", null, "AWS region; default the pool id's region.", null)
          .uri(
              "endpoint",
              null,
              "Endpoint override (a local emulator, VPC endpoint or proxy); "
                  + "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER works too.",
              null)
          .choice(
              "auth-flow",
              List.of("user-password", "admin-user-password", "user-srp"),
              "user-password",
              "How sign-in is asked of Cognito: USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH (needs IAM "
                  + "credentials) or USER_SRP_AUTH.",
              null)
          .choice(
              "persona-source",
              List.of("attribute", "groups", "both"),
              "both",
              "Where a user's personas "
                  + "come from: the persona attribute, the user's groups, or both.",
              null)
          .string(
              "persona-attribute",
              "custom:personas",
              "The user attribute that holds personas.",
              null)
          .string(
              "issuer",
              null,
              "The issuer the pool's tokens name, when an endpoint override is set; default "
                  + "AWS's.",
              null)
          .uri(
              "jwks-uri",
              null,
              "Where the pool's signing keys are, when an endpoint override is set; default AWS's.",
              null)
          .bool(
              "allow-http-issuer",
              "false",
              "Accept an http:// token issuer; for local emulators only.",
              null)
          .duration("clock-skew", "30s", "Clock skew tolerated when checking token times.", null)
          .path(
              "fallback-users-file",
              null,
              "A local users file also accepted while users move to Cognito "
                  + "(dual sign-in); absent = Cognito only.",
              null)
          .bool(
              "migrate-on-sign-in",
              "true",
              "With a fallback users file: create a user who signed in through it in "
                  + "Cognito, with the password they used.",
              null)
          .bool("persona-groups", "false", "Also add migrated users to a group per persona.", null)
          .build();

  @Override
  public ConfigKeys<?> configKeys() {
    return KEYS;
  }

  @Override
  public Supplier<AuthProvider> configure(ConfigSection s, FactoryContext context) {
    String pool = s.requireString("user-pool-id");
    if (pool.indexOf('_') <= 0) {
      throw new ConfigurationException(
          s.keyOf("user-pool-id"),
          "'" + pool + "' is not a user pool id " + "(<region>_<id>, e.g. eu-west-1_AbCdEf123)",
          null);
    }
    String clientId = s.requireString("client-id");
    Optional<String> secret = s.string("client-secret");
    String region = s.string("region").orElse(pool.substring(0, pool.indexOf('_')));
    var endpoint = s.uri("endpoint");
    CognitoAuthProvider.Flow flow =
        s.choice("auth-flow", List.of("user-password", "admin-user-password", "user-srp"))
            .map(
                v ->
                    switch (v) {
                      case "user-password" -> CognitoAuthProvider.Flow.USER_PASSWORD_AUTH;
                      case "admin-user-password" ->
                          CognitoAuthProvider.Flow.ADMIN_USER_PASSWORD_AUTH;
                      default -> CognitoAuthProvider.Flow.USER_SRP_AUTH;
                    })
            .orElse(CognitoAuthProvider.Flow.USER_PASSWORD_AUTH);
    CognitoAuthProvider.PersonaSource source =
        s.choice("persona-source", List.of("attribute", "groups", "both"))
            .map(v -> CognitoAuthProvider.PersonaSource.valueOf(v.toUpperCase(Locale.ROOT)))
            .orElse(CognitoAuthProvider.PersonaSource.BOTH);
    String attribute = s.string("persona-attribute").orElse("custom:personas");
    boolean allowHttp = s.bool("allow-http-issuer").orElse(false);
    // a local emulator (http allowed, endpoint set) issues tokens as <endpoint>/<pool id>
    Optional<String> issuer =
        s.string("issuer")
            .or(
                () ->
                    allowHttp && endpoint.isPresent()
                        ? Optional.of(endpoint.get().toString().replaceAll("/+$", "") + "/" + pool)
                        : Optional.empty());
    if (issuer.isPresent() && issuer.get().startsWith("http:") && !allowHttp) {
      throw new ConfigurationException(
          s.keyOf("issuer"),
          "is http; set allow-http-issuer: true, and only for " + "a local emulator",
          null);
    }
    var skew = s.duration("clock-skew");
    Optional<AwsCredentialsProvider> credentials = profile(s);
    var jwks = s.uri("jwks-uri");
    Optional<Path> fallback = s.path("fallback-users-file");
    if (fallback.isPresent() && !Files.isRegularFile(fallback.get())) {
      throw new ConfigurationException(
          s.keyOf("fallback-users-file"), "file " + fallback.get() + " does not exist", null);
    }
    boolean migrate = s.bool("migrate-on-sign-in").orElse(true);
    boolean groups = s.bool("persona-groups").orElse(false);
    return () -> {
      CognitoAuthProvider.Builder b =
          CognitoAuthProvider.builder()
              .region(region)
              .userPoolId(pool)
              .clientId(clientId)
              .flow(flow)
              .personaSource(source)
              .personaAttribute(attribute)
              .clock(context.clock());
      endpoint.ifPresent(b::endpoint);
      secret.ifPresent(b::clientSecret);
      credentials.ifPresent(b::credentialsProvider);
      issuer.ifPresent(i -> b.issuer(i, allowHttp));
      jwks.ifPresent(b::jwksUri);
      skew.ifPresent(b::clockSkew);
      CognitoAuthProvider owned = b.build();
      if (fallback.isEmpty()) {
        return owned;
      }
      FileAuthProvider local =
          FileAuthProvider.builder()
              .users(UsersFile.load(fallback.get()))
              .clock(context.clock())
              .build();
      FallbackAuthProvider.Builder fb = FallbackAuthProvider.builder(owned, local);
      if (migrate) {
        CognitoUserMigrator m = CognitoUserMigrator.into(owned.client(), pool);
        fb.migrateOnSignIn((groups ? m.withPersonaGroups() : m).lazyMigration());
      }
      return fb.build();
    };
  }

  /**
   * Returns the credentials of {@code profile} in the shared AWS config and credentials files,
   * checked now: a profile that is not there fails at start naming the key, not at the first call.
   */
  static Optional<AwsCredentialsProvider> profile(ConfigSection s) {
    Optional<String> name = s.string("profile");
    if (name.isEmpty()) {
      return Optional.empty();
    }
    if (ProfileFile.defaultProfileFile().profile(name.get()).isEmpty()) {
      throw new ConfigurationException(
          s.keyOf("profile"),
          "no profile '"
              + name.get()
              + "' in the AWS "
              + "config or credentials file (~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE / "
              + "AWS_SHARED_CREDENTIALS_FILE); add it or remove the key to use the default chain",
          null);
    }
    return Optional.of(ProfileCredentialsProvider.create(name.get()));
  }
}
