/**
 * The entry point, at the top of core: {@link dev.runway.core.Runway} composes a {@code
 * DatabaseClient}, {@code QueryCache}, {@code SessionStore} and {@code AuthProvider} from a
 * builder, from {@link dev.runway.core.RunwayConfig} (YAML with environment and system-property
 * overrides) or from the embedded defaults ({@link dev.runway.core.Runway#local()}), and wraps the
 * database with the configured cache and {@link dev.runway.core.resilience.ResiliencePolicy}.
 * Nothing else in core depends on this package; the base types every package shares live below it
 * ({@link dev.runway.core.error}, {@link dev.runway.core.health}, {@link
 * dev.runway.core.resilience}).
 */
@NullMarked
package dev.runway.core;

import org.jspecify.annotations.NullMarked;
