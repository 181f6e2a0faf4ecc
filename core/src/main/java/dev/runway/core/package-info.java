/**
 * The entry point: {@link dev.runway.core.Runway} composes a {@code DatabaseClient},
 * {@code QueryCache}, {@code SessionStore} and {@code AuthProvider} from a builder, from
 * {@link dev.runway.core.RunwayConfig} (YAML with environment and system-property overrides) or
 * from the embedded defaults ({@link dev.runway.core.Runway#local()}), and wraps the database with
 * the configured cache and {@link dev.runway.core.ResiliencePolicy}. Also here: the base of every
 * Runway exception ({@link dev.runway.core.RunwayException}, split into client and service
 * branches, with an {@link dev.runway.core.ErrorCategory}) and {@link dev.runway.core.Health}.
 * The concern packages below never depend on the facade classes of this package.
 */
@NullMarked
package dev.runway.core;

import org.jspecify.annotations.NullMarked;
