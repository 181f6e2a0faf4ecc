package dev.runway.core.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * What every factory may need besides its own section.
 *
 * @param clock the clock components should use
 * @param baseDirectory the directory relative paths in the configuration are resolved against
 * @param component the whole component section (such as {@code sessions}), for shared keys like
 *     {@code ttl}
 */
public record FactoryContext(Clock clock, Path baseDirectory, ConfigSection component) {

  /** Validates the components. */
  public FactoryContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(baseDirectory, "baseDirectory");
    Objects.requireNonNull(component, "component");
  }
}
