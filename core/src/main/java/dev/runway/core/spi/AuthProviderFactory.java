package dev.runway.core.spi;

import dev.runway.core.auth.AuthProvider;

/**
 * Creates a {@link AuthProvider} for one {@code type} of configuration; see {@link
 * ComponentFactory}.
 */
public interface AuthProviderFactory extends ComponentFactory<AuthProvider> {}
