package dev.runway.core.local;

import dev.runway.core.auth.AuthProvider;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.coordination.Coordination;
import dev.runway.core.coordination.InMemoryCoordination;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.session.SessionStore;
import dev.runway.core.spi.AuthProviderFactory;
import dev.runway.core.spi.ConfigKeys;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.CoordinationFactory;
import dev.runway.core.spi.DatabaseClientFactory;
import dev.runway.core.spi.FactoryContext;
import dev.runway.core.spi.QueryCacheFactory;
import dev.runway.core.spi.SessionStoreFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** The factories of core's own implementations, registered like any module's. */
public final class CoreFactories {

  private CoreFactories() {}

  /** {@code database.type: embedded}: DuckDB in memory, or a file with {@code path}. */
  public static final class Embedded implements DatabaseClientFactory {
    @Override
    public String type() {
      return "embedded";
    }

    /** The keys of {@code database.embedded}. */
    static final ConfigKeys<Object> KEYS =
        ConfigKeys.builder()
            .string(
                "path",
                null,
                "DuckDB database file, relative to the configuration file; absent or "
                    + "\":memory:\" = in memory.",
                null)
            .string("init-sql", null, "Statements run once when the embedded database opens.", null)
            .build();

    @Override
    public ConfigKeys<?> configKeys() {
      return KEYS;
    }

    @Override
    public Supplier<DatabaseClient> configure(ConfigSection section, FactoryContext context) {
      // ":memory:" is DuckDB's name for an in-memory database; read before resolving the path
      // against the configuration's directory, which would turn it into a file of that name
      boolean inMemory = section.string("path").map(p -> p.strip().equals(":memory:")).orElse(true);
      Optional<Path> path = inMemory ? Optional.empty() : section.path("path");
      String init = section.string("init-sql").orElse(null);
      return () -> {
        JdbcDatabaseClient.Builder b = JdbcDatabaseClient.builder();
        if (path.isPresent()) {
          createParent(path.get());
          b.duckDbFile(path.get());
        } else {
          b.duckDbInMemory();
        }
        if (init != null) {
          b.initSql(init);
        }
        return b.build();
      };
    }
  }

  private static void createParent(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new ConfigurationException(
          "database.embedded.path", "cannot create directory " + parent + ": " + e.getMessage(), e);
    }
  }

  /** {@code database.type: jdbc}: any JDBC URL whose driver is on the class path. */
  public static final class Jdbc implements DatabaseClientFactory {
    @Override
    public String type() {
      return "jdbc";
    }

    /** The keys of {@code database.jdbc}. */
    static final ConfigKeys<Object> KEYS =
        ConfigKeys.builder()
            .string(
                "url",
                null,
                "JDBC URL (jdbc:...); required. Its driver must be on the class path.",
                null)
            .string("user", null, "JDBC user.", null)
            .secret("password", "JDBC password. Give it as ${VARIABLE}; never printed.", null)
            .string(
                "engine",
                null,
                "Engine name reported in stats and metrics; default from the driver.",
                null)
            .build();

    @Override
    public ConfigKeys<?> configKeys() {
      return KEYS;
    }

    @Override
    public Supplier<DatabaseClient> configure(ConfigSection section, FactoryContext context) {
      String url = section.requireString("url");
      if (!url.startsWith("jdbc:")) {
        throw new ConfigurationException(
            section.keyOf("url"),
            "must start with 'jdbc:' (for example " + "jdbc:postgresql://host:5432/db)",
            null);
      }
      Optional<String> user = section.string("user");
      Optional<String> password = section.string("password");
      Optional<String> engine = section.string("engine");
      JdbcDatabaseClient.Builder b = JdbcDatabaseClient.builder();
      section.apply("url", () -> b.url(url));
      user.ifPresent(u -> section.apply("user", () -> b.user(u)));
      password.ifPresent(pw -> section.apply("password", () -> b.password(pw)));
      engine.ifPresent(e -> section.apply("engine", () -> b.engine(e)));
      return b::build;
    }
  }

  /** {@code cache.type: local}: Caffeine in process, bounded by {@code max-size}. */
  public static final class LocalCache implements QueryCacheFactory {
    @Override
    public String type() {
      return "local";
    }

    /** The keys of {@code cache.local}. */
    static final ConfigKeys<Object> KEYS =
        ConfigKeys.builder()
            .size(
                "max-size",
                "256MB",
                "Bound on the estimated heap bytes of the cached results.",
                null)
            .build();

    @Override
    public ConfigKeys<?> configKeys() {
      return KEYS;
    }

    @Override
    public Supplier<QueryCache> configure(ConfigSection section, FactoryContext context) {
      long maxBytes = section.bytes("max-size").orElse(256L << 20);
      if (maxBytes <= 0) {
        throw new ConfigurationException(section.keyOf("max-size"), "must be positive", null);
      }
      Duration ttl = context.component().positiveDuration("ttl", Duration.ofMinutes(5));
      InMemoryQueryCache.Builder b = InMemoryQueryCache.builder();
      section.apply("max-size", () -> b.maximumBytes(maxBytes));
      context.component().apply("ttl", () -> b.defaultTtl(ttl));
      return b::build;
    }
  }

  /** {@code cache.type: none}: no caching. */
  public static final class NoCache implements QueryCacheFactory {
    @Override
    public String type() {
      return "none";
    }

    @Override
    public ConfigKeys<?> configKeys() {
      return ConfigKeys.none();
    }

    @Override
    public Supplier<QueryCache> configure(ConfigSection section, FactoryContext context) {
      return QueryCache::none;
    }
  }

  /** {@code sessions.type: memory}: sessions in process memory. */
  public static final class MemorySessions implements SessionStoreFactory {
    @Override
    public String type() {
      return "memory";
    }

    /** The keys of {@code sessions.memory}. */
    static final ConfigKeys<Object> KEYS =
        ConfigKeys.builder()
            .duration("purge-interval", "1m", "How often expired sessions are removed.", null)
            .build();

    @Override
    public ConfigKeys<?> configKeys() {
      return KEYS;
    }

    @Override
    public Supplier<SessionStore> configure(ConfigSection section, FactoryContext context) {
      Duration ttl = context.component().positiveDuration("ttl", Duration.ofHours(1));
      Duration purge = section.positiveDuration("purge-interval", Duration.ofMinutes(1));
      // every setter runs now: a value the builder refuses is found before anything is created
      InMemorySessionStore.Builder b = InMemorySessionStore.builder().clock(context.clock());
      context.component().apply("ttl", () -> b.ttl(ttl));
      section.apply("purge-interval", () -> b.purgeInterval(purge));
      return b::build;
    }
  }

  /** {@code auth.type: local}: a users file with bcrypt hashes. */
  public static final class LocalAuth implements AuthProviderFactory {
    @Override
    public String type() {
      return "local";
    }

    /** The keys of {@code auth.local}. */
    static final ConfigKeys<Object> KEYS =
        ConfigKeys.builder()
            .path(
                "users-file",
                null,
                "The users JSON file (bcrypt hashes and personas); required.",
                null)
            .duration("token-ttl", "15m", "Lifetime of an access token.", null)
            .duration("refresh-token-ttl", "12h", "Lifetime of a refresh token.", null)
            .secret(
                "token-secret",
                "HS256 signing secret of at least 32 bytes, shared by every instance "
                    + "that must accept the same tokens; absent = a random one per process. Give it as ${VARIABLE}.",
                null)
            .string(
                "issuer",
                "runway-local",
                "The issuer named in the tokens this provider signs.",
                null)
            .integer(
                "max-failures",
                "5",
                "Failed sign-ins before a lockout (attempts are reserved: never "
                    + "more evaluated at once).",
                null)
            .duration("lockout", "30s", "First lockout, doubling with each further failure.", null)
            .duration("lockout-max", "15m", "The longest lockout after repeated failures.", null)
            .integer(
                "password-cost",
                null,
                "bcrypt cost of every check; default the highest in the file; "
                    + "hashes of another cost are rehashed at sign-in.",
                null)
            .build();

    @Override
    public ConfigKeys<?> configKeys() {
      return KEYS;
    }

    @Override
    public Supplier<AuthProvider> configure(ConfigSection section, FactoryContext context) {
      Path file =
          section
              .path("users-file")
              .orElseThrow(
                  () ->
                      new ConfigurationException(
                          section.keyOf("users-file"),
                          "is required: the path of the users JSON file",
                          null));
      if (!Files.isRegularFile(file)) {
        throw new ConfigurationException(
            section.keyOf("users-file"),
            "file " + file + " does not exist; create it with the examples' 'users add' command",
            null);
      }
      Duration tokenTtl = section.positiveDuration("token-ttl", Duration.ofMinutes(15));
      Duration refreshTtl = section.positiveDuration("refresh-token-ttl", Duration.ofHours(12));
      Optional<String> secret = section.string("token-secret");
      if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < 32) {
        throw new ConfigurationException(
            section.keyOf("token-secret"), "must be at least 32 bytes (256 bits) for HS256", null);
      }
      String issuer = section.string("issuer").orElse("runway-local");
      int maxFailures = section.integer("max-failures").orElse(5);
      if (maxFailures < 1) {
        throw new ConfigurationException(section.keyOf("max-failures"), "must be at least 1", null);
      }
      Duration lockout = section.positiveDuration("lockout", Duration.ofSeconds(30));
      Duration lockoutMax = section.positiveDuration("lockout-max", Duration.ofMinutes(15));
      FileAuthProvider.Builder b = FileAuthProvider.builder().clock(context.clock());
      section.apply("users-file", () -> b.usersFile(file));
      section
          .integer("password-cost")
          .ifPresent(c -> section.apply("password-cost", () -> b.passwordCost(c)));
      section.apply("token-ttl", () -> b.accessTokenTtl(tokenTtl));
      section.apply("refresh-token-ttl", () -> b.refreshTokenTtl(refreshTtl));
      section.apply("issuer", () -> b.issuer(issuer));
      section.apply("lockout", () -> b.lockout(maxFailures, lockout, lockoutMax));
      secret.ifPresent(s -> section.apply("token-secret", () -> b.signingSecret(s)));
      return () -> {
        // lockouts, sign-outs and refresh tokens shared when the application shares a store
        Coordination shared = context.coordination();
        if (!(shared instanceof InMemoryCoordination)) {
          b.coordination(shared);
        }
        return b.build();
      };
    }
  }

  /** {@code coordination.type: memory}: limits and facts shared within this process only. */
  public static final class MemoryCoordination implements CoordinationFactory {
    @Override
    public String type() {
      return "memory";
    }

    @Override
    public ConfigKeys<?> configKeys() {
      return ConfigKeys.none();
    }

    @Override
    public Supplier<Coordination> configure(ConfigSection section, FactoryContext context) {
      return () -> InMemoryCoordination.builder().clock(context.clock()).build();
    }
  }
}
