package dev.runway.redshift;

import dev.runway.core.internal.SetOnce;
import dev.runway.core.local.JdbcDatabaseClient;
import dev.runway.core.query.DatabaseClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The two ways to Amazon Redshift: the Data API ({@link #dataApi()}: HTTPS and IAM, no connections
 * to manage, suits Lambda and bursts) and JDBC ({@link #jdbc()}: a connection per query from a
 * pool, lower latency for dashboards that run many small queries). Both return a {@link
 * DatabaseClient} whose engine is {@code redshift}, so the rest of the application does not change
 * when the mode does.
 *
 * <pre>{@code
 * DatabaseClient serverless = RedshiftClients.dataApi()
 *     .workgroup("analytics").database("dev").build();
 * DatabaseClient cluster = RedshiftClients.jdbc()
 *     .url("jdbc:redshift://example.abc123.eu-west-1.redshift.amazonaws.com:5439/dev")
 *     .user("analyst").password(System.getenv("REDSHIFT_PASSWORD")).build();
 * }</pre>
 */
public final class RedshiftClients {

  private RedshiftClients() {}

  /** Returns a builder for the Data API mode. */
  public static RedshiftDataApiClient.Builder dataApi() {
    return RedshiftDataApiClient.builder();
  }

  /** Returns a builder for the JDBC mode. */
  public static JdbcBuilder jdbc() {
    return new JdbcBuilder();
  }

  /**
   * Builds the JDBC mode on Runway's JDBC client: Amazon's Redshift JDBC driver ({@code
   * jdbc:redshift:}, add {@code com.amazon.redshift:redshift-jdbc42}) or the PostgreSQL driver
   * ({@code jdbc:postgresql:}, which Redshift's wire protocol accepts). Not thread-safe.
   */
  public static final class JdbcBuilder {
    private final SetOnce once = new SetOnce("RedshiftClients.JdbcBuilder");
    private @Nullable String url;
    private @Nullable String user;
    private @Nullable String password;
    private int fetchSize = 1000;
    private int maxIdle = 8;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private JdbcBuilder() {}

    /** Sets the JDBC URL, {@code jdbc:redshift://...} or {@code jdbc:postgresql://...}. */
    public JdbcBuilder url(String url) {
      once.checkSecret("url"); // a JDBC URL may carry a password
      Objects.requireNonNull(url, "url");
      if (!url.startsWith("jdbc:redshift:") && !url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "a Redshift JDBC URL starts with jdbc:redshift: or jdbc:postgresql:, got "
                + url.replaceAll("(?i)(password=)[^&;]*", "$1****"));
      }
      this.url = url;
      return this;
    }

    /** Sets the database user. */
    public JdbcBuilder user(String user) {
      once.check("user", user);
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** Sets the password; never logged or shown. */
    public JdbcBuilder password(String password) {
      once.checkSecret("password");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Sets a driver property, such as {@code ssl=true}. */
    public JdbcBuilder property(String key, String value) {
      properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets the rows fetched per round trip when streaming (default 1,000). */
    public JdbcBuilder fetchSize(int rows) {
      once.check("fetchSize", rows);
      this.fetchSize = rows;
      return this;
    }

    /** Sets how many idle connections are kept (default 8). */
    public JdbcBuilder maxIdleConnections(int max) {
      once.check("maxIdleConnections", max);
      this.maxIdle = max;
      return this;
    }

    /** Returns the client. */
    public DatabaseClient build() {
      if (url == null) {
        throw new IllegalStateException("set the JDBC URL");
      }
      JdbcDatabaseClient.Builder b =
          JdbcDatabaseClient.builder()
              .url(url)
              .engine(RedshiftErrors.ENGINE)
              .fetchSize(fetchSize)
              .maxIdleConnections(maxIdle);
      if (user != null) {
        b.user(user);
      }
      if (password != null) {
        b.password(password);
      }
      properties.forEach(b::property);
      return b.build();
    }
  }
}
