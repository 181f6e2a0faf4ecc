package dev.runway.core.spi;

import dev.runway.core.query.DatabaseClient;

/**
 * Creates a {@link DatabaseClient} for one {@code type} of configuration; see {@link
 * ComponentFactory}.
 */
public interface DatabaseClientFactory extends ComponentFactory<DatabaseClient> {}
