/**
 * What other modules implement or build on: the factories found with {@code ServiceLoader}
 * ({@link dev.runway.core.spi.DatabaseClientFactory} and its siblings) with
 * {@link dev.runway.core.spi.ConfigSection} and {@link dev.runway.core.spi.FactoryContext};
 * {@link dev.runway.core.spi.PolledEngine} and the {@link dev.runway.core.spi.PolledQueryRuntime}
 * that runs it (polling, throttling, cancellation, paging); {@link dev.runway.core.spi.ResultCodec}
 * for caches that store bytes; and the builder helpers ({@link dev.runway.core.spi.SetOnce},
 * {@link dev.runway.core.spi.Checks}). Changes here are announced like API changes.
 */
@NullMarked
package dev.runway.core.spi;

import org.jspecify.annotations.NullMarked;
