package dev.runway.core.spi;

import dev.runway.core.session.SessionStore;

/**
 * Creates a {@link SessionStore} for one {@code type} of configuration; see {@link
 * ComponentFactory}.
 */
public interface SessionStoreFactory extends ComponentFactory<SessionStore> {}
