/**
 * The service-provider contracts that turn one section of configuration into a component: the
 * factories found with {@code ServiceLoader} ({@link dev.runway.core.spi.DatabaseClientFactory} and
 * its siblings), {@link dev.runway.core.spi.ConfigSection} (the section, read with its keys
 * declared once) and {@link dev.runway.core.spi.FactoryContext}. Engines build on {@link
 * dev.runway.core.engine}, caches that store bytes on {@link dev.runway.core.cache.ResultCodec}.
 * Changes here are announced like API changes.
 */
@NullMarked
package dev.runway.core.spi;

import org.jspecify.annotations.NullMarked;
