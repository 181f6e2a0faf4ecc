package dev.runway.session.dynamo;

import dev.runway.core.ConfigurationException;
import dev.runway.core.session.SessionStore;
import dev.runway.core.spi.ConfigSection;
import dev.runway.core.spi.FactoryContext;
import dev.runway.core.spi.SessionStoreFactory;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code sessions.type: dynamodb}. Keys of {@code sessions.dynamodb}: {@code table},
 * {@code history-table}, {@code user-index}, {@code region}, {@code endpoint} (e.g. DynamoDB
 * Local), {@code touch-interval}, {@code create-tables}. The session TTL is {@code sessions.ttl}.
 * Credentials and, when not set here, region and endpoint come from the AWS SDK's own chains
 * ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_DYNAMODB}, profiles, instance roles).
 */
public final class DynamoSessionStoreFactory implements SessionStoreFactory {

  @Override
  public String type() {
    return "dynamodb";
  }

  @Override
  public Set<String> keys() {
    return Set.of("table", "history-table", "user-index", "region", "endpoint", "touch-interval", "create-tables");
  }

  @Override
  public Supplier<SessionStore> configure(ConfigSection s, FactoryContext context) {
    DynamoSessionStore.Builder b = DynamoSessionStore.builder();
    try {
      s.string("table").ifPresent(b::table);
      s.string("history-table").ifPresent(b::historyTable);
      s.string("user-index").ifPresent(b::userIndex);
      s.string("region").ifPresent(b::region);
      s.uri("endpoint").ifPresent(b::endpoint);
      s.duration("touch-interval").ifPresent(b::touchInterval);
      b.createTables(s.bool("create-tables").orElse(false), true);
      b.ttl(context.component().positiveDuration("ttl", Duration.ofHours(1)));
      b.clock(context.clock());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(s.path(), e.getMessage(), null);
    }
    return b::build;
  }
}
