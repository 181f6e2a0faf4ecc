package dev.runway.core;

import dev.runway.core.Factories.Component;
import dev.runway.core.auth.AuthProvider;
import dev.runway.core.cache.CachingDatabaseClient;
import dev.runway.core.cache.QueryCache;
import dev.runway.core.coordination.Coordination;
import dev.runway.core.coordination.DegradingCoordination;
import dev.runway.core.coordination.InMemoryCoordination;
import dev.runway.core.error.ConfigurationException;
import dev.runway.core.health.Health;
import dev.runway.core.health.HealthReport;
import dev.runway.core.internal.Checks;
import dev.runway.core.local.InMemoryQueryCache;
import dev.runway.core.local.InMemorySessionStore;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import dev.runway.core.query.ListeningDatabaseClient;
import dev.runway.core.query.QueryListener;
import dev.runway.core.query.ResilientDatabaseClient;
import dev.runway.core.resilience.ResiliencePolicy;
import dev.runway.core.session.SessionStore;
import dev.runway.core.spi.ComponentFactory;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.FactoryContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four components an application uses, chosen by configuration or a builder: a {@link
 * DatabaseClient} (wrapped with the result cache and resilience policy), a {@link QueryCache}, a
 * {@link SessionStore} and an {@link AuthProvider}.
 *
 * <pre>{@code
 * try (Runway rw = Runway.fromConfig(Path.of("runway.yaml"))) {
 *   QueryResult r = rw.database().execute(Query.of("SELECT count(*) FROM product"));
 * }
 * }</pre>
 *
 * <p>Moving from the embedded defaults to AWS, and back, changes the configuration only.
 * Thread-safe; one instance per application. Closing it closes every component it created or was
 * given.
 */
public final class Runway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Runway.class);

  private final DatabaseClient rawDatabase;
  private final DatabaseClient database;
  private final QueryCache cache;
  private final SessionStore sessions;
  private final @Nullable AuthProvider auth;
  private final ResiliencePolicy resilience;
  private final Coordination coordination;

  private Runway(
      DatabaseClient rawDatabase,
      QueryCache cache,
      Duration cacheTtl,
      SessionStore sessions,
      @Nullable AuthProvider auth,
      ResiliencePolicy resilience,
      List<QueryListener> listeners,
      List<ComponentDecorator> decorators,
      Coordination coordination) {
    this.rawDatabase = rawDatabase;
    this.coordination = coordination;
    this.resilience = resilience;
    QueryCache c = cache;
    SessionStore ss = sessions;
    AuthProvider a = auth;
    for (ComponentDecorator d : decorators) {
      c = Objects.requireNonNull(d.cache(c), "a ComponentDecorator returned no cache");
      ss = Objects.requireNonNull(d.sessions(ss), "a ComponentDecorator returned no session store");
      a =
          a == null
              ? null
              : Objects.requireNonNull(d.auth(a), "a ComponentDecorator returned no auth provider");
    }
    this.cache = c;
    this.sessions = ss;
    this.auth = a;
    // skipped only when it would do nothing: a configured timeout alone is still applied
    DatabaseClient db =
        resilience.isPassThrough()
            ? rawDatabase
            : ResilientDatabaseClient.wrap(rawDatabase, resilience);
    DatabaseClient cached = CachingDatabaseClient.wrap(db, c, cacheTtl);
    DatabaseClient outer =
        listeners.isEmpty() ? cached : ListeningDatabaseClient.wrap(cached, listeners);
    for (ComponentDecorator d : decorators) {
      outer =
          Objects.requireNonNull(
              d.database(outer), "a ComponentDecorator returned no database client");
    }
    this.database = outer;
  }

  /**
   * Returns a Runway on the embedded defaults: in-memory DuckDB, Caffeine cache, memory sessions,
   * no auth.
   */
  public static Runway local() {
    return fromConfig(RunwayConfig.defaults());
  }

  /** Loads {@code runway.yaml} (with environment overrides) and builds from it. */
  public static Runway fromConfig(Path file) {
    return fromConfig(RunwayConfig.load(file));
  }

  /** Loads {@code runway.yaml} and builds from it, telling {@code listeners} about every query. */
  public static Runway fromConfig(Path file, QueryListener... listeners) {
    return fromConfig(RunwayConfig.load(file), Clock.systemUTC(), List.of(listeners));
  }

  /**
   * Builds from a configuration. Every section is validated before any component is created, so a
   * configuration error never leaves a connection open.
   *
   * @throws ConfigurationException naming the first wrong key
   */
  public static Runway fromConfig(RunwayConfig config) {
    return fromConfig(config, Clock.systemUTC());
  }

  /** Builds from a configuration with a clock for the components (for tests). */
  public static Runway fromConfig(RunwayConfig config, Clock clock) {
    return fromConfig(config, clock, List.of());
  }

  /** Builds from a configuration with a clock and query listeners. */
  public static Runway fromConfig(RunwayConfig config, Clock clock, List<QueryListener> listeners) {
    Builder b = builder().config(config).clock(clock);
    listeners.forEach(b::listener);
    return b.build();
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> created, T component) {
    created.add(component);
    return component;
  }

  @SuppressWarnings("unchecked")
  private static <T> @Nullable Supplier<T> configure(
      Component component,
      ConfigSection root,
      RunwayConfig config,
      Clock clock,
      Supplier<Coordination> coordination) {
    ConfigSection section = root.section(component.section());
    Map<String, ComponentFactory<?>> factories = Factories.of(component);
    Set<String> knownTypes = Factories.knownTypes(component);
    Set<String> allowed = new LinkedHashSet<>(Factories.ownKeys(component).names());
    allowed.addAll(knownTypes);
    section.requireKnownKeys(allowed);
    String defaultType = component.defaultType();
    if (component == Component.AUTH && section.has("local")) {
      defaultType = "local";
    }
    String type = section.choice("type", knownTypes).orElse(defaultType);
    // Validate the sections of every type whose module is present, selected or not, so that a
    // rollback by changing `type` cannot meet a typo that nobody saw.
    for (String key : section.keys()) {
      ComponentFactory<?> f = factories.get(key);
      if (f != null) {
        if (f.configKeys().names().isEmpty()) {
          section.section(key).requireKnownKeys(f.keys());
        } else {
          // every declared key's value is of its declared type, before any factory runs
          f.configKeys().validate(section.section(key));
        }
      }
    }
    if (component == Component.AUTH && type.equals("none")) {
      return null;
    }
    ComponentFactory<?> factory = factories.get(type);
    if (factory == null) {
      String artifact = Factories.artifactFor(component, type);
      throw new ConfigurationException(
          section.keyOf("type"),
          "'"
              + type
              + "' is provided by the "
              + "artifact dev.runway:"
              + artifact
              + ", which is not on the class path; add it as a "
              + "dependency (its version comes from dev.runway:runway-bom)",
          null);
    }
    FactoryContext context =
        new FactoryContext(clock, config.baseDirectory(), section, root, coordination);
    return (Supplier<T>) factory.configure(section.section(type), context);
  }

  private static ResiliencePolicy resilience(ConfigSection s) {
    Factories.RESILIENCE.validate(s);
    ResiliencePolicy.Builder b = ResiliencePolicy.builder().name("database");
    s.integer("max-attempts").ifPresent(v -> s.apply("max-attempts", () -> b.maxAttempts(v)));
    Duration initial = s.positiveDuration("initial-backoff", Duration.ofMillis(100));
    Duration max = s.positiveDuration("max-backoff", Duration.ofSeconds(5));
    s.apply("max-backoff", () -> b.backoff(initial, max));
    s.number("jitter").ifPresent(v -> s.apply("jitter", () -> b.jitter(v)));
    int failures = s.integer("circuit-breaker-failures").orElse(5);
    Duration delay = s.positiveDuration("circuit-breaker-delay", Duration.ofSeconds(30));
    s.apply("circuit-breaker-failures", () -> b.circuitBreaker(failures, delay));
    s.duration("timeout").ifPresent(v -> s.apply("timeout", () -> b.timeout(v)));
    return b.build();
  }

  /** Returns a builder; every component not given uses its embedded default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the database client, wrapped with the cache and the resilience policy. */
  public DatabaseClient database() {
    return database;
  }

  /** Returns the database client without cache or resilience (for DDL, bulk loads, streams). */
  public DatabaseClient rawDatabase() {
    return rawDatabase;
  }

  /** Returns the query cache. */
  public QueryCache cache() {
    return cache;
  }

  /** Returns the session store. */
  public SessionStore sessions() {
    return sessions;
  }

  /**
   * Returns the auth provider.
   *
   * @throws IllegalStateException if none is configured
   */
  public AuthProvider auth() {
    if (auth == null) {
      throw new IllegalStateException(
          "no AuthProvider is configured: set auth.type (local with "
              + "auth.local.users-file, or cognito) in runway.yaml, or call Runway.builder().auth(...)");
    }
    return auth;
  }

  /** Returns the resilience policy applied to the database. */
  public ResiliencePolicy resilience() {
    return resilience;
  }

  /**
   * Returns the coordination the components share limits and facts through: in memory unless {@code
   * coordination.type} (or the builder) names a shared store, which is then wrapped so that an
   * outage degrades to this instance's share instead of failing a call.
   */
  public Coordination coordination() {
    return coordination;
  }

  /** Returns the health of every component and the aggregate. Never throws. */
  public HealthReport health() {
    List<Health> parts = new ArrayList<>();
    parts.add(database.health());
    parts.add(cache.health());
    parts.add(sessions.health());
    if (auth != null) {
      parts.add(auth.health());
    }
    parts.add(coordination.health());
    return HealthReport.of(parts);
  }

  /** Closes every component, auth first and database last; continues past failures. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (AutoCloseable c : new AutoCloseable[] {auth, sessions, cache, rawDatabase, coordination}) {
      first = closeQuietly(c, first);
    }
    if (first != null) {
      throw first;
    }
  }

  private static @Nullable RuntimeException closeQuietly(
      @Nullable AutoCloseable c, @Nullable RuntimeException first) {
    if (c == null) {
      return first;
    }
    try {
      c.close();
    } catch (Exception e) {
      RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
      if (first == null) {
        return r;
      }
      first.addSuppressed(r);
    }
    return first;
  }

  @Override
  public String toString() {
    return "Runway{database="
        + rawDatabase.engine()
        + ", cache="
        + cache.name()
        + ", sessions="
        + sessions.name()
        + ", auth="
        + (auth == null ? "none" : auth.name())
        + "}";
  }

  /** Builds a {@link Runway} from components; not thread-safe. Each component may be set once. */
  public static final class Builder {
    private @Nullable DatabaseClient database;
    private @Nullable QueryCache cache;
    private Duration cacheTtl = Duration.ofMinutes(5);
    private @Nullable SessionStore sessions;
    private @Nullable AuthProvider auth;
    private boolean cacheTtlSet;
    private @Nullable ResiliencePolicy resilience;
    private @Nullable Coordination coordination;
    private @Nullable RunwayConfig config;
    private Clock clock = Clock.systemUTC();
    private final List<QueryListener> listeners = new ArrayList<>();
    private final List<ComponentDecorator> decorators = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the coordination the components share limits and facts through (default: in memory, or
     * what {@code coordination.type} names); wrap a shared one in {@link
     * dev.runway.core.coordination.DegradingCoordination} so that its outages never fail a call.
     * Runway closes it.
     */
    public Builder coordination(Coordination coordination) {
      this.coordination = once(this.coordination, coordination, "coordination");
      return this;
    }

    /**
     * Takes every component not set on this builder from {@code config}, as {@link
     * Runway#fromConfig(RunwayConfig)} would: the whole configuration is validated, and a component
     * set here replaces the configured one (its section is then not used).
     */
    public Builder config(RunwayConfig config) {
      this.config = once(this.config, config, "config");
      return this;
    }

    /** Sets the clock of the components created from the configuration (for tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Adds a decorator applied to every component, in the order added (repeatable). */
    public Builder decorator(ComponentDecorator decorator) {
      decorators.add(Objects.requireNonNull(decorator, "decorator"));
      return this;
    }

    /** Adds a listener told about every query through {@link Runway#database()} (repeatable). */
    public Builder listener(QueryListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Sets the database client (default: in-memory DuckDB). */
    public Builder database(DatabaseClient database) {
      this.database = once(this.database, database, "database");
      return this;
    }

    /** Sets the query cache (default: in-memory Caffeine). */
    public Builder cache(QueryCache cache) {
      this.cache = once(this.cache, cache, "cache");
      return this;
    }

    /** Sets the TTL of cached results that have no TTL of their own (default 5 minutes). */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = Checks.positive(ttl, "cacheTtl");
      this.cacheTtlSet = true;
      return this;
    }

    /** Sets the session store (default: in memory, one-hour TTL). */
    public Builder sessions(SessionStore sessions) {
      this.sessions = once(this.sessions, sessions, "sessions");
      return this;
    }

    /** Sets the auth provider (default: none). */
    public Builder auth(AuthProvider auth) {
      this.auth = once(this.auth, auth, "auth");
      return this;
    }

    /**
     * Sets the resilience policy for the database (default: {@link ResiliencePolicy#defaults()}).
     */
    public Builder resilience(ResiliencePolicy policy) {
      this.resilience = once(this.resilience, policy, "resilience");
      return this;
    }

    /** Every component but auth has a default type, so its configuration always makes one. */
    private static <T> Supplier<T> required(@Nullable Supplier<T> supplier) {
      return Objects.requireNonNull(supplier, "a component with a default type was not configured");
    }

    private static <T> T once(@Nullable T current, T value, String name) {
      Objects.requireNonNull(value, name);
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
      return value;
    }

    /**
     * Returns the coordination, created once when first asked for (by a component, or by build
     * itself): the builder's, or the configured type's, a shared one wrapped so that its outages
     * degrade to this instance's share. Its section is validated now, with every other.
     */
    private Supplier<Coordination> coordinationOf(
        ConfigSection root, RunwayConfig config, List<AutoCloseable> created) {
      if (coordination != null) {
        return () -> coordination;
      }
      ConfigSection section = root.section(Component.COORDINATION.section());
      // the coordination factory itself has no coordination to ask for
      Supplier<Coordination> raw =
          required(
              configure(
                  Component.COORDINATION,
                  root,
                  config,
                  clock,
                  () -> {
                    throw new IllegalStateException(
                        "a coordination factory cannot use the application's coordination");
                  }));
      int instances = section.integer("expected-instances").orElse(2);
      if (instances < 1) {
        throw new ConfigurationException(
            section.keyOf("expected-instances"), "must be at least 1", null);
      }
      Duration probe = section.positiveDuration("probe-interval", Duration.ofSeconds(5));
      return new Supplier<>() {
        private @Nullable Coordination made;

        @Override
        public synchronized Coordination get() {
          if (made == null) {
            Coordination c = raw.get();
            made =
                c instanceof InMemoryCoordination
                    ? c
                    : DegradingCoordination.over(c)
                        .expectedInstances(instances)
                        .probeInterval(probe)
                        .clock(clock)
                        .build();
            created.add(made);
          }
          return made;
        }
      };
    }

    /**
     * Returns the Runway; creates the components not set, from the configuration if one was given,
     * else the embedded defaults. With a configuration, every section is validated before any
     * component is created, and a failure closes what was created.
     *
     * @throws ConfigurationException naming the first wrong key
     */
    public Runway build() {
      if (config == null) {
        DatabaseClient db = database != null ? database : JdbcDatabaseClient.embedded();
        return new Runway(
            db,
            cache != null ? cache : InMemoryQueryCache.create(),
            cacheTtl,
            sessions != null ? sessions : InMemorySessionStore.create(),
            auth,
            resilience != null ? resilience : ResiliencePolicy.defaults(),
            listeners,
            decorators,
            coordination != null
                ? coordination
                : InMemoryCoordination.builder().clock(clock).build());
      }
      ConfigSection root = config.root();
      List<String> sections = new ArrayList<>();
      for (Component c : Component.values()) {
        sections.add(c.section());
      }
      sections.add("resilience");
      root.requireKnownKeys(sections);

      List<AutoCloseable> created = new ArrayList<>();
      Supplier<Coordination> shared = coordinationOf(root, config, created);
      Supplier<DatabaseClient> db =
          database != null
              ? () -> database
              : required(configure(Component.DATABASE, root, config, clock, shared));
      Supplier<QueryCache> cacheSupplier =
          cache != null
              ? () -> cache
              : required(configure(Component.CACHE, root, config, clock, shared));
      Supplier<SessionStore> sessionSupplier =
          sessions != null
              ? () -> sessions
              : required(configure(Component.SESSIONS, root, config, clock, shared));
      @Nullable Supplier<AuthProvider> authSupplier =
          auth != null ? () -> auth : configure(Component.AUTH, root, config, clock, shared);
      Duration ttl = root.section("cache").positiveDuration("ttl", Duration.ofMinutes(5));
      ResiliencePolicy policy = Runway.resilience(root.section("resilience"));

      try {
        Coordination co = shared.get();
        DatabaseClient d = track(created, db.get());
        QueryCache qc = track(created, cacheSupplier.get());
        SessionStore ss = track(created, sessionSupplier.get());
        AuthProvider ap = authSupplier == null ? null : track(created, authSupplier.get());
        Runway rw =
            new Runway(
                d,
                qc,
                cacheTtlSet ? cacheTtl : ttl,
                ss,
                ap,
                resilience != null ? resilience : policy,
                listeners,
                decorators,
                co);
        LOG.info(
            "Runway started: database={}, cache={}, sessions={}, auth={}, coordination={}",
            d.engine(),
            qc.name(),
            ss.name(),
            ap == null ? "none" : ap.name(),
            co.name());
        return rw;
      } catch (RuntimeException e) {
        for (int i = created.size() - 1; i >= 0; i--) {
          closeQuietly(created.get(i), e);
        }
        throw e;
      }
    }
  }
}
